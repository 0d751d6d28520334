import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CORS_HEADERS, isCorsPath, PREFLIGHT_HEADERS } from './oauth-cors.js';

/**
 * Applies the CORS policy of oauth-cors.ts as a Fastify `onRequest` hook: preflights are answered
 * before routing (Better Auth's routes take no `OPTIONS`), and other answers get their headers on
 * the raw response, so they survive Better Auth writing it directly.
 */
@Injectable()
export class OAuthCorsHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (!isCorsPath(request.url)) return;
      for (const [name, value] of Object.entries(CORS_HEADERS)) reply.raw.setHeader(name, value);
      if (request.method !== 'OPTIONS') return;
      for (const [name, value] of Object.entries(PREFLIGHT_HEADERS))
        reply.raw.setHeader(name, value);
      return reply.code(204).send();
    });
  }
}
