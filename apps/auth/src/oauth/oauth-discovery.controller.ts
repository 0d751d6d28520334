import { Controller, Get, Res } from '@nestjs/common';
import { AllowAnonymous } from '@thallesp/nestjs-better-auth';
import type { FastifyReply } from 'fastify';
import { OAuthDiscoveryService } from './oauth-discovery.service.js';

async function relay(reply: FastifyReply, response: Response): Promise<void> {
  const body = await response.text();
  response.headers.forEach((value, name) => void reply.header(name, value));
  await reply.code(response.status).send(body);
}

/** Public discovery documents of the authorization server (see {@link OAuthDiscoveryService}). */
@AllowAnonymous()
@Controller('.well-known')
export class OAuthDiscoveryController {
  constructor(private readonly discovery: OAuthDiscoveryService) {}

  @Get('oauth-authorization-server')
  async authorizationServer(@Res() reply: FastifyReply): Promise<void> {
    await relay(reply, await this.discovery.authorizationServer());
  }

  @Get('openid-configuration')
  async openIdConfiguration(@Res() reply: FastifyReply): Promise<void> {
    await relay(reply, await this.discovery.openIdConfiguration());
  }
}
