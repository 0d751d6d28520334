/**
 * Reference, not a peer: what the MCP protocol itself costs for the kit's `list_notes`. One bare
 * Fastify process answers the same page of notes two ways, with the same token check (jose on a
 * token's first sight, then a SHA-256-keyed map, like the kit) and the kit's own `NotesService`
 * over Prisma (the same query and rows): `GET /notes`, and `POST /mcp` `tools/call list_notes`
 * through the MCP SDK the way the kit's mcp serves it (a server and the Web-standard transport per
 * request, JSON responses, one tool whose result is the page as JSON text and structured content).
 * `/mcp` against `/notes` here is the least the protocol adds on this machine.
 */
import { hash } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { PrismaPg } from '@prisma/adapter-pg';
import { NotesService, notesLimit } from '#notes';
import { PrismaClient } from '#prisma';
import { unauthorized } from '../fastify.util.js';

interface Options {
  port: number;
  jwksUri: string;
  issuer: string;
  /** Accepted `aud` values: the api's and the mcp's tokens. */
  audiences: string[];
  databaseUrl: string;
}

const options = JSON.parse(process.argv[2] ?? '{}') as Options;
const keys = createRemoteJWKSet(new URL(options.jwksUri));
const verified = new Map<string, { sub: string; expMs: number }>();
const prisma = new PrismaClient({
  adapter: new PrismaPg({ connectionString: options.databaseUrl, max: 10 }),
});
// the kit's notes service on a plain client: what both apps call, without Nest around it
const notes = new NotesService(prisma as unknown as ConstructorParameters<typeof NotesService>[0]);
const app = Fastify({ logger: false });

/** The caller's `sub`, or undefined after answering 401. */
async function caller(request: FastifyRequest, reply: FastifyReply): Promise<string | undefined> {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return void unauthorized(reply, false);
  const token = header.slice(7);
  const key = hash('sha256', token, 'base64url');
  const known = verified.get(key);
  if (known && known.expMs > Date.now()) return known.sub;
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: options.issuer,
      audience: options.audiences,
      algorithms: ['EdDSA'],
      requiredClaims: ['exp', 'sub'],
    });
    verified.set(key, { sub: payload.sub!, expMs: payload.exp! * 1000 });
    return payload.sub;
  } catch {
    return void unauthorized(reply, true);
  }
}

const limit = notesLimit.optional();

app.get('/health/live', () => ({ status: 'ok' }));

app.get('/notes', async (request, reply) => {
  const owner = await caller(request, reply);
  if (!owner) return reply;
  return notes.list(owner, { limit: Number((request.query as { limit?: string }).limit ?? 20) });
});

app.post('/mcp', async (request, reply) => {
  const owner = await caller(request, reply);
  if (!owner) return reply;
  const server = new McpServer({ name: 'mcp-floor', version: '1.0.0' });
  server.registerTool('list_notes', { inputSchema: { limit } }, async (args) => {
    const value = await notes.list(owner, { limit: args.limit });
    const view = {
      items: value.items.map((n) => ({
        ...n,
        createdAt: n.createdAt.toISOString(),
        updatedAt: n.updatedAt.toISOString(),
      })),
      nextCursor: value.nextCursor,
    };
    return { content: [{ type: 'text', text: JSON.stringify(view) }], structuredContent: view };
  });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  const headers = new Headers();
  const raw = request.raw.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  const response = await transport.handleRequest(
    new Request(`http://127.0.0.1:${options.port}${request.url}`, { method: 'POST', headers }),
    { parsedBody: request.body },
  );
  return reply
    .code(response.status)
    .headers(Object.fromEntries(response.headers))
    .send(await response.text());
});

await app.listen({ port: options.port, host: '127.0.0.1' });
