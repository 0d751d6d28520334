import { Controller, Get, Headers, Res } from '@nestjs/common';
import { AllowAnonymous } from '@thallesp/nestjs-better-auth';
import type { FastifyReply } from 'fastify';
import { WellKnownService } from './well-known.service.js';

/** The public key set for resource servers (discovery documents: oauth/oauth-discovery.controller.ts). */
@AllowAnonymous()
@Controller('.well-known')
export class WellKnownController {
  constructor(private readonly wellKnown: WellKnownService) {}

  @Get('jwks.json')
  async jwks(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { status, headers, body } = await this.wellKnown.jwks(ifNoneMatch);
    void reply.status(status).headers(headers);
    return body;
  }
}
