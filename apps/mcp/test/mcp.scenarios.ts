import { request as httpRequest } from 'node:http';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mcpInitialize } from '../../../test/support/mcp.js';
import type { StartedMcp } from './mcp.harness.js';

/** A caller with a token the server under test accepts. */
export interface McpCaller {
  token: string;
  sub: string;
  email?: string;
  /** Whether the token marks `email` verified (whoami must say so next to the address). */
  emailVerified?: boolean;
}

/** What a scenario run needs; the same scenarios run against each issuer with only the env changed. */
export interface McpScenarioContext {
  mcp: StartedMcp;
  /** The issuer the server trusts: `authorization_servers[0]` and whoami's `issuer`. */
  issuer: string;
  alice: McpCaller;
  bob: McpCaller;
  /** A token of alice's with `notes:read` only, when the issuer can mint one. */
  readOnlyToken?: string;
  /** A valid token of the same issuer meant for another audience (e.g. API_URL). */
  otherAudienceToken?: string;
}

const ALL_TOOLS = [
  'create_note',
  'delete_all_notes',
  'delete_note',
  'get_note',
  'list_notes',
  'update_note',
  'whoami',
];
const INITIALIZE = mcpInitialize({ name: 'raw', version: '0' });

/** Headers every Streamable HTTP POST needs. */
export const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

interface NoteView {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

/** The structured results of the tools, merged into one shape for the tests' convenience. */
interface Structured extends NoteView {
  items: NoteView[];
  nextCursor: string | null;
  email?: string;
  [key: string]: unknown;
}

type ToolResult = {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Structured;
};

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

function text(result: ToolResult): string {
  return result.content.map((c) => c.text ?? '').join('\n');
}

/** A raw HTTP request with full control over `Host` (fetch may not set it). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * The MCP server's behaviour over HTTP with the SDK's own client. Call inside a `describe`, after a
 * `beforeAll` that fills the context.
 */
export function mcpScenarios(
  context: () => McpScenarioContext,
  options: { readOnlyToken: boolean } = { readOnlyToken: false },
): void {
  const clients: Client[] = [];
  const connect = async (token?: string) => {
    const client = await context().mcp.client(token);
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it('serves /health/live and /health/ready without a token', async () => {
    const { mcp } = context();
    const live = await fetch(`${mcp.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${mcp.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      checks: { database: 'up', keys: 'up' },
    });
  });

  it('answers 401 without a token, and the client finds the metadata from the challenge', async () => {
    const { mcp, issuer } = context();
    const res = await fetch(mcp.endpoint, {
      method: 'POST',
      headers: MCP_HEADERS,
      body: JSON.stringify(INITIALIZE),
    });
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate')!;
    expect(challenge).toMatch(/^Bearer realm="[^"]+"/);
    expect(challenge).not.toContain('error=');
    // The scopes to ask for (MCP authorization spec: SHOULD on a 401).
    expect(challenge).toContain('scope="notes:read notes:write"');
    const { resourceMetadataUrl } = extractWWWAuthenticateParams(res);
    expect(resourceMetadataUrl?.href).toBe(`${mcp.url}/.well-known/oauth-protected-resource/mcp`);

    const metadata = await discoverOAuthProtectedResourceMetadata(mcp.endpoint, {
      resourceMetadataUrl: resourceMetadataUrl!,
    });
    expect(metadata).toEqual({
      resource: mcp.endpoint,
      authorization_servers: [issuer],
      bearer_methods_supported: ['header'],
      scopes_supported: ['notes:read', 'notes:write'],
      resource_name: expect.any(String) as unknown,
    });
    // Clients that ignore the challenge look at the root well-known URL: same document.
    const root = await fetch(`${mcp.url}/.well-known/oauth-protected-resource`);
    expect(await root.json()).toEqual(metadata);

    // The SDK client without a token cannot even initialize.
    await expect(connect()).rejects.toMatchObject({ code: 401 });
  });

  it('refuses a malformed or foreign token with 401 invalid_token and resource_metadata', async () => {
    const { mcp, otherAudienceToken } = context();
    const tokens = ['not-a-jwt', ...(otherAudienceToken ? [otherAudienceToken] : [])];
    for (const token of tokens) {
      const res = await fetch(mcp.endpoint, {
        method: 'POST',
        headers: { ...MCP_HEADERS, authorization: `Bearer ${token}` },
        body: JSON.stringify(INITIALIZE),
      });
      expect(res.status).toBe(401);
      const challenge = res.headers.get('www-authenticate')!;
      expect(challenge).toContain('error="invalid_token"');
      expect(challenge).toContain(
        `resource_metadata="${mcp.url}/.well-known/oauth-protected-resource/mcp"`,
      );
    }
    if (otherAudienceToken) {
      await expect(connect(otherAudienceToken)).rejects.toBeInstanceOf(StreamableHTTPError);
    }
  });

  it('initializes, lists the tools and says who the caller is', async () => {
    const { alice, issuer } = context();
    const client = await connect(alice.token);
    expect(client.getServerVersion()?.name).toBe('nest-decoupled-auth-kit-mcp');
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: {} });

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(ALL_TOOLS);
    const create = tools.find((t) => t.name === 'create_note')!;
    expect(create.description).toBeTruthy();
    expect(create.inputSchema).toMatchObject({ type: 'object', required: ['title'] });

    const me = await call(client, 'whoami');
    expect(me.isError).toBeFalsy();
    expect(me.structuredContent).toMatchObject({
      sub: alice.sub,
      issuer,
      scopes: expect.arrayContaining(['notes:read', 'notes:write']) as unknown,
    });
    if (alice.email) {
      expect(me.structuredContent!.email).toBe(alice.email);
      expect(me.structuredContent!.emailVerified).toBe(alice.emailVerified ?? false);
    }
    expect(JSON.parse(text(me))).toEqual(me.structuredContent);
  });

  it('creates, reads, searches, pages, updates and deletes notes', async () => {
    const client = await connect(context().alice.token);
    const tag = `tag${Date.now().toString(36)}`;
    const first = await call(client, 'create_note', {
      title: `Groceries ${tag}`,
      body: 'milk, EGGS',
    });
    expect(first.isError).toBeFalsy();
    const note = first.structuredContent!;
    expect(note).toMatchObject({
      id: expect.any(String) as unknown,
      title: `Groceries ${tag}`,
      body: 'milk, EGGS',
    });
    const second = (await call(client, 'create_note', { title: `Trip ${tag}` })).structuredContent!;
    expect(second.body).toBe('');

    const got = await call(client, 'get_note', { id: note.id });
    expect(got.structuredContent).toEqual(note);

    const found = await call(client, 'list_notes', { search: 'eggs' });
    expect(found.structuredContent!.items.map((n) => n.id)).toContain(note.id);
    expect(found.structuredContent!.items.map((n) => n.id)).not.toContain(second.id);

    const page1 = (await call(client, 'list_notes', { search: tag, limit: 1 })).structuredContent!;
    expect(page1.items).toHaveLength(1);
    expect(page1.items[0].id).toBe(second.id); // newest first
    const page2 = (
      await call(client, 'list_notes', { search: tag, limit: 1, cursor: page1.nextCursor })
    ).structuredContent!;
    expect(page2.items.map((n) => n.id)).toEqual([note.id]);
    expect(page2.nextCursor).toBeNull();

    const updated = await call(client, 'update_note', { id: note.id, body: 'milk only' });
    expect(updated.structuredContent).toMatchObject({
      id: note.id,
      title: note.title,
      body: 'milk only',
    });

    const deleted = await call(client, 'delete_note', { id: note.id });
    expect(deleted.structuredContent).toEqual({ deleted: true, id: note.id });
    const gone = await call(client, 'get_note', { id: note.id });
    expect(gone.isError).toBe(true);
    expect(text(gone)).toMatch(/not found/i);
  });

  it("exposes each note as a note:// resource, and never another user's", async () => {
    const { alice, bob } = context();
    const aliceClient = await connect(alice.token);
    const bobClient = await connect(bob.token);
    const note = (
      await call(aliceClient, 'create_note', { title: 'Resource note', body: 'as a resource' })
    ).structuredContent!;
    const uri = `note://${note.id}`;

    const templates = await aliceClient.listResourceTemplates();
    expect(templates.resourceTemplates.map((t) => t.uriTemplate)).toContain('note://{id}');
    const listed = await aliceClient.listResources();
    expect(listed.resources).toContainEqual(
      expect.objectContaining({ uri, name: 'Resource note', mimeType: 'application/json' }),
    );
    const read = await aliceClient.readResource({ uri });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({
      id: note.id,
      body: 'as a resource',
    });

    const bobListed = await bobClient.listResources();
    expect(bobListed.resources.map((r) => r.uri)).not.toContain(uri);
    await expect(bobClient.readResource({ uri })).rejects.toMatchObject({ code: -32002 });
  });

  it("keeps users apart: bob cannot see, change or delete alice's notes", async () => {
    const { alice, bob } = context();
    const aliceClient = await connect(alice.token);
    const bobClient = await connect(bob.token);
    const secret = (
      await call(aliceClient, 'create_note', { title: 'Alice secret', body: 'xyzzy-alice' })
    ).structuredContent!;

    const bobList = await call(bobClient, 'list_notes', { search: 'xyzzy-alice' });
    expect(bobList.structuredContent!.items).toEqual([]);
    for (const [tool, args] of [
      ['get_note', { id: secret.id }],
      ['update_note', { id: secret.id, title: 'pwned' }],
      ['delete_note', { id: secret.id }],
    ] as const) {
      const result = await call(bobClient, tool, args);
      expect(result.isError).toBe(true);
      expect(text(result)).toBe('Note not found.');
    }
    const still = await call(aliceClient, 'get_note', { id: secret.id });
    expect(still.structuredContent).toMatchObject({ title: 'Alice secret', body: 'xyzzy-alice' });
  });

  it('answers bad tool input with a tool error, never a protocol crash', async () => {
    const client = await connect(context().alice.token);
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['create_note', {}, /title/],
      ['create_note', { title: '' }, /title/],
      ['create_note', { title: 'x'.repeat(201) }, /title/],
      ['create_note', { title: 'ok', body: 42 }, /body/],
      ['create_note', { title: 'nul \u0000 inside' }, /title/],
      ['get_note', { id: 'not-a-uuid' }, /id/],
      ['get_note', {}, /id/],
      ['update_note', { id: '00000000-0000-4000-8000-000000000000' }, /title or body/],
      ['list_notes', { limit: 1000 }, /limit/],
      ['list_notes', { limit: 'ten' }, /limit/],
      ['list_notes', { cursor: '!!!' }, /cursor/],
      ['no_such_tool', {}, /not found/],
    ];
    for (const [tool, args, message] of cases) {
      const result = await call(client, tool, args);
      expect({ tool, args, isError: result.isError }).toEqual({ tool, args, isError: true });
      expect(text(result)).toMatch(message);
    }
    // The session still works afterwards.
    expect((await call(client, 'whoami')).isError).toBeFalsy();
  });

  it('answers GET and DELETE /mcp with 405 Allow: POST (stateless server)', async () => {
    const { mcp } = context();
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(mcp.endpoint, { method, headers: { accept: 'text/event-stream' } });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(await res.json()).toMatchObject({ statusCode: 405 });
    }
  });

  it('answers protocol-level garbage with 4xx JSON', async () => {
    const { mcp, alice } = context();
    const auth = { authorization: `Bearer ${alice.token}` };
    const bad = await fetch(mcp.endpoint, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...auth },
      body: '{"jsonrpc": "2.0", ',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/json/);
    const notRpc = await fetch(mcp.endpoint, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...auth },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(notRpc.status).toBe(400);
    const noAccept = await fetch(mcp.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html', ...auth },
      body: JSON.stringify(INITIALIZE),
    });
    expect(noAccept.status).toBe(406);
    const huge = await fetch(mcp.endpoint, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...auth },
      body: JSON.stringify({ ...INITIALIZE, pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ statusCode: 413 });
    const textBody = await fetch(mcp.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: MCP_HEADERS.accept, ...auth },
      body: 'hello',
    });
    expect(textBody.status).toBeGreaterThanOrEqual(400);
    expect(textBody.status).toBeLessThan(500);
  });

  it('refuses DNS-rebinding Host and Origin headers with 403, and accepts loopback ones', async () => {
    const { mcp, alice } = context();
    const port = new URL(mcp.url).port;
    const send = (headers: Record<string, string>) =>
      rawRequest(mcp.endpoint, {
        method: 'POST',
        headers: { ...MCP_HEADERS, authorization: `Bearer ${alice.token}`, ...headers },
        body: JSON.stringify(INITIALIZE),
      });
    const evilHost = await send({ host: `evil.example:${port}` });
    expect(evilHost.status).toBe(403);
    expect(JSON.parse(evilHost.body)).toMatchObject({ statusCode: 403, message: /Host/ });
    const evilOrigin = await send({ host: `localhost:${port}`, origin: 'http://evil.example' });
    expect(evilOrigin.status).toBe(403);
    expect(JSON.parse(evilOrigin.body)).toMatchObject({ message: /Origin/ });
    // Even public routes: a rebinding page must not read anything.
    const health = await rawRequest(`${mcp.url}/health/live`, {
      headers: { host: 'evil.example' },
    });
    expect(health.status).toBe(403);

    const inspector = await send({ host: `localhost:${port}`, origin: 'http://localhost:6274' });
    expect(inspector.status).toBe(200);
    const v6 = await send({ host: `[::1]:${port}` });
    expect(v6.status).toBe(200);
  });

  // The local auth server grants every user both scopes; the stand-in run covers this one.
  const withReadOnly = options.readOnlyToken ? it : it.skip;
  withReadOnly(
    'answers a call needing a scope the token lacks with 403 insufficient_scope',
    async () => {
      const { mcp } = context();
      const readOnlyToken = context().readOnlyToken!;
      const res = await fetch(mcp.endpoint, {
        method: 'POST',
        headers: { ...MCP_HEADERS, authorization: `Bearer ${readOnlyToken}` },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'create_note', arguments: { title: 'nope' } },
        }),
      });
      expect(res.status).toBe(403);
      const challenge = res.headers.get('www-authenticate')!;
      expect(challenge).toContain('error="insufficient_scope"');
      expect(challenge).toContain('scope="notes:read notes:write"');
      expect(challenge).toContain(
        `resource_metadata="${mcp.url}/.well-known/oauth-protected-resource/mcp"`,
      );
      expect(await res.json()).toMatchObject({ statusCode: 403, message: /notes:write/ });

      // Through the SDK client: reads work, write tools are not offered, and calling one anyway is a 403.
      const client = await connect(readOnlyToken);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['get_note', 'list_notes', 'whoami']);
      expect((await call(client, 'list_notes')).isError).toBeFalsy();
      await expect(call(client, 'create_note', { title: 'nope' })).rejects.toMatchObject({
        code: 403,
      });
      const list = await call(client, 'list_notes', { search: 'nope' });
      expect(list.structuredContent!.items).toEqual([]);
    },
  );
}
