import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applyOAuthCors } from './oauth-cors.js';

/**
 * Applies the CORS policy of oauth-cors.ts to the discovery documents and the key set (plain
 * Fastify routes: well-known/document.route.ts) as a Fastify `onRequest` hook, so preflights are
 * answered before routing. Better Auth's
 * own routes get it from `withOAuthCors` around its middleware, which runs before this hook.
 */
@Injectable()
export class OAuthCorsHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (applyOAuthCors(request.raw, reply.raw)) reply.hijack();
    });
  }
}
