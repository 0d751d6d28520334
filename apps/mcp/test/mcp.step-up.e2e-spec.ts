import { startTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { nowS, startOidcStandIn, type StandIn } from '../../../test/support/stand-ins/index.js';
import { DELETE_ALL_MAX_AGE_S } from '../src/mcp/mcp.step-up.js';
import { reserveMcpUrl, startMcp, type StartedMcp } from './mcp.harness.js';
import { MCP_HEADERS } from './mcp.scenarios.js';

const NOTES = ['notes:read', 'notes:write'];

/**
 * delete_all_notes needs a recent sign-in (RFC 9470): a call with an older one is an HTTP 401
 * challenge naming `max_age`, before any tool runs. Tokens from an OpenID provider stand-in, which
 * puts `auth_time` in them as such providers do.
 */
describe('mcp: delete_all_notes asks for a recent sign-in (step-up)', () => {
  let db: TestDatabase;
  let issuer: StandIn;
  let mcp: StartedMcp;

  const callTool = (token: string, name: string, id = 1) =>
    fetch(mcp.endpoint, {
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${token}` },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name, arguments: {} },
      }),
    });

  beforeAll(async () => {
    db = await startTestDatabase();
    const mcpUrl = await reserveMcpUrl();
    issuer = await startOidcStandIn({ audience: mcpUrl });
    mcp = await startMcp({ ...issuer.env, MCP_URL: mcpUrl, DATABASE_URL: db.url });
  }, 120_000);
  afterAll(async () => {
    await mcp?.close();
    await issuer?.close();
    await db?.stop();
  });

  it('answers a call with an old sign-in with 401 insufficient_user_authentication and max_age', async () => {
    const old = await issuer.mint({
      scp: NOTES,
      auth_time: nowS() - DELETE_ALL_MAX_AGE_S - 60,
      amr: ['pwd'],
    });
    const client = await mcp.client(old);
    try {
      await client.callTool({ name: 'create_note', arguments: { title: 'keep me' } });
      const tools = await client.listTools();
      expect(tools.tools.map((t) => t.name)).toContain('delete_all_notes');
    } finally {
      await client.close();
    }

    const res = await callTool(old, 'delete_all_notes');
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer realm="[^"]+", error="insufficient_user_authentication"/);
    expect(challenge).toContain(`max_age="${DELETE_ALL_MAX_AGE_S}"`);
    expect(challenge).toContain(
      `resource_metadata="${mcp.config.publicUrl}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(await res.json()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'a more recent sign-in is required: delete_all_notes needs it',
    });

    // Nothing was deleted, and other tools still work with that token.
    const listed = await callTool(old, 'list_notes', 2);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(await listed.json())).toContain('keep me');
  });

  it('asks a token without auth_time to step up too', async () => {
    const res = await callTool(await issuer.mint({ scp: NOTES }), 'delete_all_notes');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain(
      'error="insufficient_user_authentication"',
    );
  });

  it("deletes every note of the caller, and only the caller's, after a fresh sign-in", async () => {
    const fresh = await issuer.mint({ scp: NOTES, auth_time: nowS() - 5, amr: ['pwd'] });
    const other = await issuer.mint({ scp: NOTES, sub: 'someone-else', auth_time: nowS() });
    const client = await mcp.client(fresh);
    const otherClient = await mcp.client(other);
    try {
      await client.callTool({ name: 'create_note', arguments: { title: 'mine' } });
      await otherClient.callTool({ name: 'create_note', arguments: { title: 'theirs' } });
      const result = await client.callTool({ name: 'delete_all_notes', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ deleted: 2 });
      const mine = await client.callTool({ name: 'list_notes', arguments: {} });
      expect(mine.structuredContent).toMatchObject({ items: [] });
      const theirs = await otherClient.callTool({ name: 'list_notes', arguments: {} });
      expect((theirs.structuredContent as { items: unknown[] }).items).toHaveLength(1);
    } finally {
      await client.close();
      await otherClient.close();
    }
  });
});
