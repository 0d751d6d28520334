import {
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { mcpConfig, type McpConfig } from '#config';
import {
  challengeFor,
  JWT_GUARD_OPTIONS,
  type JwtGuardModuleOptions,
  type Principal,
} from '#jwt-guard';
import { McpServerFactory } from './mcp-server.factory.js';
import { missingScopes, SUPPORTED_SCOPES } from './mcp.scopes.js';
import { stepUpNeeded } from './mcp.step-up.js';

/**
 * Serves one MCP Streamable HTTP request statelessly: a fresh server and transport per request
 * (no session id), JSON responses, both dropped when the response ends (closed if it is cut short).
 *
 * The transport is the SDK's Web-standard one, given a `Request` built here from the request
 * Fastify has already read and parsed (headers, body), and its `Response` written back directly.
 * The SDK's Node wrapper (`StreamableHTTPServerTransport`) goes through `@hono/node-server`
 * instead, which converts every request and streams every response body through a
 * `ReadableStream`: measurable CPU per call for nothing, since with JSON responses every body is
 * one complete string.
 */
@Injectable()
export class McpHttpService {
  private readonly logger = new Logger('Mcp');

  constructor(
    private readonly servers: McpServerFactory,
    @Inject(mcpConfig.KEY) private readonly config: McpConfig,
    @Inject(JWT_GUARD_OPTIONS) private readonly guardOptions: JwtGuardModuleOptions,
  ) {}

  async handle(principal: Principal, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    this.checkScopes(principal, request.body, reply);
    this.checkAuthentication(principal, request.body, reply);
    const server = this.servers.create(principal);
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    // From here on the SDK writes the raw response; Fastify must not answer too.
    reply.hijack();
    reply.raw.on('close', () => {
      // Cut short (the client went away): stop the handlers still running. Once the answer is
      // written every handler has settled, and closing would only build the SDK's "Connection
      // closed" error (with its stack) for nobody: the server and transport are simply dropped.
      if (!reply.raw.writableFinished) void server.close();
    });
    try {
      await server.connect(transport);
      const response = await transport.handleRequest(this.webRequest(request), {
        parsedBody: request.body,
      });
      await writeResponse(response, reply.raw);
    } catch (error) {
      this.logger.error(
        `MCP request failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' });
        reply.raw.end(
          JSON.stringify({
            jsonrpc: '2.0',
            error: { code: -32603, message: 'Internal error' },
            id: null,
          }),
        );
      }
    }
  }

  /**
   * The request as the Web-standard transport reads it: method, headers (as received) and URL. The
   * body is passed already parsed; the URL only reaches handlers as `requestInfo`, so it is this
   * resource's public origin with the request's path (the Host header was checked before).
   */
  private webRequest(request: FastifyRequest): Request {
    const headers = new Headers();
    const raw = request.raw.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
    return new Request(new URL(request.url, this.config.publicUrl), {
      method: request.method,
      headers,
    });
  }

  /**
   * A tool call that needs a more recent or stronger sign-in than the token's is refused before the
   * transport sees it: HTTP 401 `insufficient_user_authentication` with `max_age` / `acr_values`
   * (RFC 9470), so the client authorizes again with them and the user signs in anew.
   */
  private checkAuthentication(principal: Principal, body: unknown, reply: FastifyReply): void {
    const needed = stepUpNeeded(body, principal, Math.floor(Date.now() / 1000));
    if (!needed) return;
    this.logger.debug(`step-up needed for ${needed.tool}: ${needed.reason}`);
    const description = needed.requirement.acr
      ? 'a stronger sign-in is required'
      : 'a more recent sign-in is required';
    void reply.header(
      'WWW-Authenticate',
      challengeFor(this.guardOptions, {
        error: 'insufficient_user_authentication',
        description,
        maxAge: needed.requirement.maxAgeS,
        acrValues: needed.requirement.acr,
        scopeHint: false,
      }),
    );
    throw new UnauthorizedException({
      statusCode: 401,
      error: 'Unauthorized',
      message: `${description}: ${needed.tool} needs it`,
    });
  }

  /**
   * A call that needs a scope the token lacks is refused before the transport sees it: HTTP 403
   * `insufficient_scope` whose `scope` names what to ask for (the scopes already granted plus the
   * missing ones, the 2025-11-25 spec's recommendation, since clients replace their scope set with it).
   */
  private checkScopes(principal: Principal, body: unknown, reply: FastifyReply): void {
    const missing = missingScopes(body, principal.scopes);
    if (!missing.length) return;
    const scope = SUPPORTED_SCOPES.filter(
      (s) => principal.scopes.includes(s) || missing.includes(s),
    ).join(' ');
    void reply.header(
      'WWW-Authenticate',
      challengeFor(this.guardOptions, {
        error: 'insufficient_scope',
        description: 'insufficient scope',
        scope,
      }),
    );
    throw new ForbiddenException({
      statusCode: 403,
      error: 'Forbidden',
      message: `insufficient scope: this call needs ${missing.join(' ')}`,
    });
  }
}

/**
 * Writes the transport's answer. With `enableJsonResponse` every answer of a POST is complete (a
 * JSON body, an error, or an empty 202): no event stream is ever returned, so the body is read whole.
 */
async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const body = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  res.end(body);
}
