import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { startTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { reserveMcpUrl, startMcp, type StartedMcp } from './mcp.harness.js';
import { MCP_HEADERS, mcpScenarios, type McpScenarioContext } from './mcp.scenarios.js';

/** apps/mcp against the real auth server: the default `AUTH_PROVIDER=local`. */
describe('mcp with the local auth server', () => {
  let db: TestDatabase;
  let auth: AuthServer;
  let mcp: StartedMcp;
  let ctx: McpScenarioContext;

  // Generous: booting databases and servers is slow on a loaded 2-core machine.
  beforeAll(async () => {
    db = await startTestDatabase();
    const mcpUrl = await reserveMcpUrl();
    auth = await startAuthServer({
      DATABASE_URL: db.url,
      TOKEN_AUDIENCE: `http://localhost:3000,${mcpUrl}`,
    });
    mcp = await startMcp({ AUTH_URL: auth.url, MCP_URL: mcpUrl, DATABASE_URL: db.url });
    const [alice, bob] = await Promise.all([
      auth.signUp({ name: 'Alice' }),
      auth.signUp({ name: 'Bob' }),
    ]);
    ctx = {
      mcp,
      issuer: auth.url,
      alice: {
        token: await auth.token(alice.sessionToken),
        sub: alice.user.id,
        email: alice.user.email,
        emailVerified: false, // signed up, address not verified
      },
      bob: { token: await auth.token(bob.sessionToken), sub: bob.user.id },
    };
  }, 120_000);

  afterAll(async () => {
    await mcp?.close();
    await auth?.close();
    await db?.stop();
  }, 60_000);

  mcpScenarios(() => ctx);

  it("refuses the auth server's token when it was not issued for this server's MCP_URL", async () => {
    // Same issuer, same keys, only MCP_URL differs: the token's aud does not name this server.
    const other = await startMcp({ AUTH_URL: auth.url, DATABASE_URL: db.url });
    try {
      const res = await fetch(other.endpoint, {
        method: 'POST',
        headers: { ...MCP_HEADERS, authorization: `Bearer ${ctx.alice.token}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
      await expect(other.client(ctx.alice.token)).rejects.toMatchObject({ code: 401 });
    } finally {
      await other.close();
    }
  });
});
