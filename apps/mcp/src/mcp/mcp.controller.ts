import { Controller, Delete, Get, HttpException, HttpStatus, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public, type Principal } from '#jwt-guard';
import { McpHttpService } from './mcp-http.service.js';

/** The MCP Streamable HTTP endpoint. Stateless: POST only. */
@Controller('mcp')
export class McpController {
  constructor(private readonly mcp: McpHttpService) {}

  @Post()
  handle(
    @CurrentUser() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.mcp.handle(principal, request, reply);
  }

  /** A stateless server offers no SSE stream (GET) and no session to end (DELETE): 405, as the spec says. */
  @Public()
  @Get()
  get(@Res({ passthrough: true }) reply: FastifyReply): never {
    return methodNotAllowed(reply);
  }

  @Public()
  @Delete()
  delete(@Res({ passthrough: true }) reply: FastifyReply): never {
    return methodNotAllowed(reply);
  }
}

function methodNotAllowed(reply: FastifyReply): never {
  void reply.header('Allow', 'POST');
  throw new HttpException(
    {
      statusCode: 405,
      error: 'Method Not Allowed',
      message: 'this MCP server is stateless: send JSON-RPC messages with POST /mcp',
    },
    HttpStatus.METHOD_NOT_ALLOWED,
  );
}
