import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mcpConfig, type McpConfig } from '#config';
import { rebindingPolicy, rebindingViolation } from './dns-rebinding.js';

/**
 * DNS-rebinding and Origin protection (MCP transport spec, "Security Warning": servers MUST validate
 * `Origin`), whatever `HOST` is: see {@link rebindingPolicy} for who passes. A refused request is
 * a 403 before routing, authentication or the MCP transport run. Installed as a Fastify
 * `onRequest` hook rather than the SDK transport's `allowedHosts`/`allowedOrigins`: those compare
 * exact `host:port` strings (a loopback origin on any port cannot be listed) and run only after
 * authentication.
 */
@Injectable()
export class DnsRebindingHook implements OnModuleInit {
  private readonly logger = new Logger('DnsRebinding');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(mcpConfig.KEY) private readonly config: McpConfig,
  ) {}

  onModuleInit(): void {
    const { publicUrl, host, allowedOrigins } = this.config;
    const policy = rebindingPolicy(publicUrl, host, allowedOrigins);
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const origin = request.headers.origin;
      const violation = rebindingViolation(policy, request.headers.host, origin);
      if (!violation) return;
      this.logger.warn(`refused ${request.method} ${request.url}: ${violation}`);
      return reply
        .code(403)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ statusCode: 403, error: 'Forbidden', message: violation });
    });
  }
}
