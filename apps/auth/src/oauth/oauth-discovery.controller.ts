import { Controller, Get, Headers, Res } from '@nestjs/common';
import { AllowAnonymous } from '@thallesp/nestjs-better-auth';
import type { FastifyReply } from 'fastify';
import type { DiscoveryAnswer } from './discovery.document.js';
import { OAuthDiscoveryService } from './oauth-discovery.service.js';

async function relay(reply: FastifyReply, answer: DiscoveryAnswer): Promise<void> {
  await reply.code(answer.status).headers(answer.headers).send(answer.body);
}

/** Public discovery documents of the authorization server (see {@link OAuthDiscoveryService}). */
@AllowAnonymous()
@Controller('.well-known')
export class OAuthDiscoveryController {
  constructor(private readonly discovery: OAuthDiscoveryService) {}

  @Get('oauth-authorization-server')
  async authorizationServer(
    @Res() reply: FastifyReply,
    @Headers('if-none-match') ifNoneMatch?: string,
  ): Promise<void> {
    await relay(reply, await this.discovery.authorizationServer(ifNoneMatch));
  }

  @Get('openid-configuration')
  async openIdConfiguration(
    @Res() reply: FastifyReply,
    @Headers('if-none-match') ifNoneMatch?: string,
  ): Promise<void> {
    await relay(reply, await this.discovery.openIdConfiguration(ifNoneMatch));
  }
}
