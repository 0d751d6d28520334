import { Controller, Get, Res } from '@nestjs/common';
import { AllowAnonymous } from '@thallesp/nestjs-better-auth';
import type { FastifyReply } from 'fastify';
import { WellKnownService } from './well-known.service.js';

/** The public key set for resource servers (discovery documents: oauth/oauth-discovery.controller.ts). */
@AllowAnonymous()
@Controller('.well-known')
export class WellKnownController {
  constructor(private readonly wellKnown: WellKnownService) {}

  @Get('jwks.json')
  async jwks(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('Cache-Control', this.wellKnown.jwksCacheControl);
    return this.wellKnown.jwks();
  }
}
