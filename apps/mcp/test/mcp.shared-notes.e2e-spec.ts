/**
 * Organization-shared notes through the MCP tools, with tokens of the real auth server: `shared`
 * on create/update/list, `get_note` of a shared note, writes refused to members, and `whoami`'s
 * organization.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  startAuthServer,
  type AuthServer,
  type SignedUpUser,
} from '../../../test/support/auth-server.js';
import { startTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { createOrganization, joinOrganization } from '../../../test/support/organizations.js';
import { reserveMcpUrl, startMcp, type StartedMcp } from './mcp.harness.js';

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: unknown };

describe('mcp tools and organization-shared notes', () => {
  let db: TestDatabase;
  let auth: AuthServer;
  let mcp: StartedMcp;
  let owner: Client;
  let member: Client;
  let loner: Client;
  let orgId: string;

  const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as Result;
  const client = async (user: SignedUpUser) => mcp.client(await auth.token(user.sessionToken));

  beforeAll(async () => {
    db = await startTestDatabase();
    const mcpUrl = await reserveMcpUrl();
    auth = await startAuthServer({
      DATABASE_URL: db.url,
      TOKEN_AUDIENCE: `http://localhost:3000,${mcpUrl}`,
    });
    mcp = await startMcp({ AUTH_URL: auth.url, MCP_URL: mcpUrl, DATABASE_URL: db.url });
    const [o, m, l] = await Promise.all([auth.signUp(), auth.signUp(), auth.signUp()]);
    orgId = (await createOrganization(auth, o)).id;
    await joinOrganization(auth, o, m, orgId, 'member'); // accepting makes it active
    [owner, member, loner] = await Promise.all([client(o), client(m), client(l)]);
  }, 120_000);

  afterAll(async () => {
    for (const c of [owner, member, loner]) await c?.close();
    await mcp?.close();
    await auth?.close();
    await db?.stop();
  }, 60_000);

  it('whoami shows the active organization, or null', async () => {
    expect((await call(member, 'whoami')).structuredContent?.organization).toEqual({
      id: orgId,
      role: 'member',
    });
    expect((await call(loner, 'whoami')).structuredContent?.organization).toBeNull();
  });

  it('a shared note is listed and read by members, and changed by its owner only', async () => {
    const created = await call(owner, 'create_note', { title: 'Roadmap', shared: true });
    expect(created.isError).toBeFalsy();
    const note = created.structuredContent as { id: string; organizationId: string };
    expect(note.organizationId).toBe(orgId);
    await call(owner, 'create_note', { title: 'Private' });

    const list = await call(member, 'list_notes', { shared: true });
    const items = list.structuredContent?.items as { id: string; title: string }[];
    expect(items.map((n) => n.title)).toEqual(['Roadmap']);
    expect((await call(member, 'list_notes')).structuredContent?.items).toEqual([]);
    expect((await call(member, 'get_note', { id: note.id })).structuredContent?.title).toBe(
      'Roadmap',
    );

    for (const [tool, args] of [
      ['update_note', { id: note.id, title: 'Mine now' }],
      ['update_note', { id: note.id, shared: false }],
      ['delete_note', { id: note.id }],
    ] as const) {
      const refused = await call(member, tool, args);
      expect({ tool, isError: refused.isError }).toEqual({ tool, isError: true });
    }
    const unshared = await call(owner, 'update_note', { id: note.id, shared: false });
    expect(unshared.structuredContent?.organizationId).toBeNull();
    expect((await call(member, 'get_note', { id: note.id })).isError).toBe(true);
  });

  it('sharing or listing shared notes without an active organization is a tool error', async () => {
    const create = await call(loner, 'create_note', { title: 'x', shared: true });
    expect(create.isError).toBe(true);
    expect(JSON.stringify(create.content)).toContain('active organization');
    expect((await call(loner, 'list_notes', { shared: true })).isError).toBe(true);
  });
});
