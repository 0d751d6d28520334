import { startTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { startAuth0StandIn, type StandIn } from '../../../test/support/stand-ins/index.js';
import { reserveMcpUrl, startMcp, type StartedMcp } from './mcp.harness.js';
import { mcpScenarios, type McpScenarioContext } from './mcp.scenarios.js';

/**
 * The same scenarios with `AUTH_PROVIDER=auth0` (a local Auth0 stand-in): only the environment
 * changes. The stand-in can mint what the local auth server cannot: a read-only token and a token
 * for another audience (the api's).
 */
describe('mcp with a managed provider (Auth0 stand-in)', () => {
  let db: TestDatabase;
  let auth0: StandIn;
  let mcp: StartedMcp;
  let ctx: McpScenarioContext;

  // Generous: booting databases and servers is slow on a loaded 2-core machine.
  beforeAll(async () => {
    db = await startTestDatabase();
    const mcpUrl = await reserveMcpUrl();
    auth0 = await startAuth0StandIn({ audience: mcpUrl });
    mcp = await startMcp({ ...auth0.env, MCP_URL: mcpUrl, DATABASE_URL: db.url });
    const scopes = { scope: 'openid email notes:read notes:write', permissions: [] };
    ctx = {
      mcp,
      issuer: auth0.issuer,
      alice: {
        token: await auth0.mint({ ...scopes, sub: 'auth0|alice', email: 'alice@example.com' }),
        sub: 'auth0|alice',
        email: 'alice@example.com',
      },
      bob: { token: await auth0.mint({ ...scopes, sub: 'auth0|bob' }), sub: 'auth0|bob' },
      readOnlyToken: await auth0.mint({
        sub: 'auth0|alice',
        scope: 'openid notes:read',
        permissions: [],
      }),
      otherAudienceToken: await auth0.mint({
        ...scopes,
        sub: 'auth0|alice',
        aud: ['http://localhost:3000', `${auth0.issuer}userinfo`],
      }),
    };
  }, 120_000);

  afterAll(async () => {
    await mcp?.close();
    await auth0?.close();
    await db?.stop();
  }, 60_000);

  mcpScenarios(() => ctx, { readOnlyToken: true });
});
