import { Injectable, type ExecutionContext, type HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { JwtAuthGuard } from '#jwt-guard';
import { SUPPORTED_SCOPES } from '../mcp/mcp.scopes.js';

/**
 * The kit's JWT guard, plus what the MCP authorization spec asks of a 401: a `scope` parameter
 * naming the scopes this server needs, so a client requests those and no more.
 */
@Injectable()
export class McpAuthGuard extends JwtAuthGuard {
  protected override deny(error: unknown, context: ExecutionContext): HttpException {
    const exception = super.deny(error, context);
    if (exception.getStatus() !== 401) return exception;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const challenge = reply.getHeader('www-authenticate');
    if (typeof challenge === 'string' && !challenge.includes(' scope=')) {
      const scope = `scope="${SUPPORTED_SCOPES.join(' ')}"`;
      const withScope = challenge.includes(', resource_metadata=')
        ? challenge.replace(', resource_metadata=', `, ${scope}, resource_metadata=`)
        : `${challenge}, ${scope}`;
      void reply.header('WWW-Authenticate', withScope);
    }
    return exception;
  }
}
