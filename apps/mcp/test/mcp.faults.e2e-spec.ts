import { freePort } from '../../../test/support/ports.js';
import { startAuth0StandIn, type StandIn } from '../../../test/support/stand-ins/index.js';
import { reserveMcpUrl, startMcp, type StartedMcp } from './mcp.harness.js';

/** The database is unreachable: the server stays up, says so, and never answers 5xx on /mcp. */
describe('mcp without a database', () => {
  let auth0: StandIn;
  let mcp: StartedMcp;
  let token: string;

  beforeAll(async () => {
    const mcpUrl = await reserveMcpUrl();
    auth0 = await startAuth0StandIn({ audience: mcpUrl });
    // Nothing listens on this port.
    const deadDb = `postgresql://postgres@127.0.0.1:${await freePort()}/none`;
    mcp = await startMcp({ ...auth0.env, MCP_URL: mcpUrl, DATABASE_URL: deadDb });
    token = await auth0.mint({ sub: 'auth0|solo', scope: 'notes:read notes:write' });
  }, 60_000);

  afterAll(async () => {
    await mcp?.close();
    await auth0?.close();
  });

  it('reports not ready, but live', async () => {
    expect((await fetch(`${mcp.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${mcp.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { database: 'down' } });
  });

  it('answers note tools with a clear tool error and keeps whoami working', async () => {
    const client = await mcp.client(token);
    try {
      const me = await client.callTool({ name: 'whoami' });
      expect(me.isError).toBeFalsy();
      for (const [name, args] of [
        ['list_notes', {}],
        ['create_note', { title: 'while down' }],
      ] as const) {
        const result = (await client.callTool({ name, arguments: args })) as {
          isError?: boolean;
          content: { text: string }[];
        };
        expect(result.isError).toBe(true);
        expect(result.content[0].text).toMatch(/temporarily unavailable/);
        expect(result.content[0].text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      }
      await expect(client.listResources()).rejects.toThrow(/temporarily unavailable/);
    } finally {
      await client.close();
    }
  });
});
