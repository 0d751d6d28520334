import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { serveDocument } from './document.route.js';
import { WellKnownService } from './well-known.service.js';

/** Where resource servers find the public key set (also at Better Auth's `/api/auth/jwks`). */
export const JWKS_PATH = '/.well-known/jwks.json';

/** `GET /.well-known/jwks.json`, from memory (discovery documents: oauth/oauth-discovery.routes.ts). */
@Injectable()
export class WellKnownRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly wellKnown: WellKnownService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    serveDocument(fastify, JWKS_PATH, (ifNoneMatch) => this.wellKnown.jwks(ifNoneMatch));
  }
}
