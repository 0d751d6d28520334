import type { JWTPayload } from 'jose';
import { startTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import {
  startClerkStandIn,
  startFirebaseStandIn,
  startOidcStandIn,
  type StandIn,
} from '../../../test/support/stand-ins/index.js';
import { reserveMcpUrl, startMcp, type StartedMcp } from './mcp.harness.js';

/**
 * The other managed providers, each with only the environment changed: the metadata names the
 * provider's issuer, whoami maps its claim shape, and note tools act as its `sub`.
 * (The full scenario set runs against Auth0 in mcp.managed.e2e-spec.ts.)
 */
/** The address and its flag as whoami shows them: Clerk session tokens carry neither. */
type EmailView = { email: unknown; emailVerified: boolean | null };
const verified: EmailView = { email: expect.stringContaining('@') as unknown, emailVerified: true };
const providers: [string, (mcpUrl: string) => Promise<StandIn>, JWTPayload, EmailView][] = [
  [
    'clerk',
    () => startClerkStandIn(),
    { org_permissions: ['notes:read', 'notes:write'] },
    { email: null, emailVerified: null },
  ],
  ['firebase', () => startFirebaseStandIn(), { scope: 'notes:read notes:write' }, verified],
  [
    'oidc',
    (mcpUrl) => startOidcStandIn({ audience: mcpUrl }),
    { scp: ['notes:read', 'notes:write'] },
    verified,
  ],
];

describe('mcp with other managed providers', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startTestDatabase();
  }, 120_000);

  afterAll(async () => {
    await db?.stop();
  }, 60_000);

  describe.each(providers)('AUTH_PROVIDER=%s', (provider, start, grants, emailView) => {
    let standIn: StandIn;
    let mcp: StartedMcp;

    beforeAll(async () => {
      const mcpUrl = await reserveMcpUrl();
      standIn = await start(mcpUrl);
      mcp = await startMcp({ ...standIn.env, MCP_URL: mcpUrl, DATABASE_URL: db.url });
    }, 60_000);

    afterAll(async () => {
      await mcp?.close();
      await standIn?.close();
    });

    it('names the issuer in its metadata, says who the caller is and keeps notes per caller', async () => {
      const metadata = await (
        await fetch(`${mcp.url}/.well-known/oauth-protected-resource/mcp`)
      ).json();
      expect(metadata).toMatchObject({ authorization_servers: [standIn.issuer] });

      const token = await standIn.mint({ ...grants, sub: `${provider}-user-1` });
      const other = await standIn.mint({ ...grants, sub: `${provider}-user-2` });
      const client = await mcp.client(token);
      const otherClient = await mcp.client(other);
      try {
        const me = await client.callTool({ name: 'whoami' });
        expect(me.structuredContent).toMatchObject({
          sub: `${provider}-user-1`,
          issuer: standIn.issuer,
          provider,
          scopes: expect.arrayContaining(['notes:read', 'notes:write']) as unknown,
          ...emailView,
        });
        const created = await client.callTool({
          name: 'create_note',
          arguments: { title: provider },
        });
        expect(created.isError).toBeFalsy();
        const mine = await client.callTool({ name: 'list_notes', arguments: { search: provider } });
        expect((mine.structuredContent as { items: unknown[] }).items).toHaveLength(1);
        const theirs = await otherClient.callTool({
          name: 'list_notes',
          arguments: { search: provider },
        });
        expect((theirs.structuredContent as { items: unknown[] }).items).toHaveLength(0);
      } finally {
        await client.close();
        await otherClient.close();
      }
    });
  });
});
