import { Controller, Get, Header, Res } from '@nestjs/common';
import { AllowAnonymous } from '@thallesp/nestjs-better-auth';
import type { FastifyReply } from 'fastify';
import { WellKnownService } from './well-known.service.js';

/** Public discovery endpoints for resource servers and OIDC-aware clients. */
@AllowAnonymous()
@Controller('.well-known')
export class WellKnownController {
  constructor(private readonly wellKnown: WellKnownService) {}

  @Get('jwks.json')
  async jwks(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('Cache-Control', this.wellKnown.jwksCacheControl);
    return this.wellKnown.jwks();
  }

  @Get('openid-configuration')
  @Header('Cache-Control', 'public, max-age=3600')
  openidConfiguration() {
    return this.wellKnown.openidConfiguration();
  }
}
