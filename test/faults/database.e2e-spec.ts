/**
 * Database faults: a PostgreSQL 15 server of this file's own is stopped and
 * restarted while auth, api and mcp run against it, with sign-ups arriving all along. Readiness
 * reports 503, requests that need the database get a 503 with a clear message (requests that do not,
 * like a token check on `/me`, keep working), nothing crashes, service returns without a restart,
 * and every sign-up acknowledged with a 2xx is in the database afterwards.
 */
import { randomUUID } from 'node:crypto';
import { startApi, type StartedApi } from '../../apps/api/test/api.harness.js';
import { reserveMcpUrl, startMcp, type StartedMcp } from '../../apps/mcp/test/mcp.harness.js';
import { startAuthServer, type AuthServer } from '../support/auth-server.js';
import { MCP_HEADERS, probe, type ProbeResult } from '../security/support/http-probe.js';
import { leaksInternals, writeResults } from '../security/support/results.js';
import { PrivatePostgres, privatePostgresAvailable } from './support/private-postgres.js';

const API_AUDIENCE = 'https://api.faults.test';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describeIf = privatePostgresAvailable() ? describe : describe.skip;

describeIf('PostgreSQL stopped and restarted under the running apps', () => {
  let db: PrivatePostgres;
  let auth: AuthServer;
  let api: StartedApi;
  let mcp: StartedMcp;
  let jwt: string;
  let session: string;
  const figures: Record<string, unknown> = {};
  const during: Record<string, ProbeResult> = {};

  beforeAll(async () => {
    db = await PrivatePostgres.start();
    const mcpUrl = await reserveMcpUrl();
    auth = await startAuthServer({
      DATABASE_URL: db.url,
      NODE_ENV: 'development',
      AUTH_RATE_LIMIT: 'false',
      TOKEN_AUDIENCE: `${API_AUDIENCE},${mcpUrl}`,
    });
    const resource = { NODE_ENV: 'development', AUTH_URL: auth.url, DATABASE_URL: db.url };
    [api, mcp] = await Promise.all([
      startApi({ ...resource, JWT_AUDIENCE: API_AUDIENCE }),
      startMcp({ ...resource, MCP_URL: mcpUrl }),
    ]);
    const user = await auth.signUp();
    session = user.sessionToken;
    jwt = await auth.token(session);
  }, 60_000);

  afterAll(async () => {
    writeResults('database', figures);
    await Promise.all([api?.close(), mcp?.close()]);
    await auth?.close();
    await db?.destroy();
  });

  const bearer = (): [string, string] => ['authorization', `Bearer ${jwt}`];
  const listNotes = () => probe(`${api.url}/notes`, { headers: [bearer()] });
  const createNote = (title: string) =>
    probe(`${api.url}/notes`, {
      method: 'POST',
      headers: [bearer(), ['content-type', 'application/json']],
      body: JSON.stringify({ title, body: 'written during the fault test' }),
    });
  const mcpTool = (name: string, args: Record<string, unknown>) =>
    probe(mcp.endpoint, {
      method: 'POST',
      headers: [...MCP_HEADERS, bearer()],
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name, arguments: args },
      }),
    });
  const signUp = (email: string) =>
    probe(`${auth.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: [
        ['content-type', 'application/json'],
        ['origin', auth.url],
      ],
      body: JSON.stringify({ email, password: 'correct horse battery staple', name: 'Fault' }),
    });
  const ready = () =>
    Promise.all([auth.url, api.url, mcp.url].map((u) => probe(`${u}/health/ready`)));

  it('works before the fault', async () => {
    expect((await createNote('before')).status).toBe(201);
    expect((await listNotes()).status).toBe(200);
    expect((await ready()).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('through stop and restart: 503s with clear messages, no crash, recovery, no lost sign-up', async () => {
    const acknowledged: string[] = [];
    const statuses: Record<number, number> = {};
    let running = true;
    const signUps = (async () => {
      while (running) {
        const email = `fault-${randomUUID()}@example.com`;
        const res = await signUp(email);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status >= 200 && res.status < 300) acknowledged.push(email);
        await sleep(20);
      }
    })();
    await sleep(300);

    await db.halt('fast');
    const readiness = await ready();
    during.notesList = await listNotes();
    during.noteCreate = await createNote('during');
    during.mcpListNotes = await mcpTool('list_notes', {});
    during.me = await probe(`${api.url}/me`, { headers: [bearer()] });
    during.signUp = await signUp(`down-${randomUUID()}@example.com`);
    during.token = await probe(`${auth.url}/api/auth/token`, {
      headers: [['authorization', `Bearer ${session}`]],
    });
    during.getSession = await probe(`${auth.url}/api/auth/get-session`, {
      headers: [['authorization', `Bearer ${session}`]],
    });
    const live = await Promise.all(
      [auth.url, api.url, mcp.url].map((u) => probe(`${u}/health/live`)),
    );
    await sleep(500); // sign-ups keep arriving while the database is down

    await db.resume();
    let back = false;
    for (let i = 0; i < 100 && !back; i++) {
      back = (await ready()).every((r) => r.status === 200);
      if (!back) await sleep(100);
    }
    await sleep(300);
    running = false;
    await signUps;

    figures.during = Object.fromEntries(
      Object.entries(during).map(([k, r]) => [k, { status: r.status, body: r.body.slice(0, 300) }]),
    );
    figures.readinessDuring = readiness.map((r) => r.status);
    figures.signUpStatuses = statuses;
    figures.acknowledged = acknowledged.length;

    expect(readiness.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(live.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const [name, res] of Object.entries(during)) {
      expect({ name, leaks: leaksInternals(res.body) }).toEqual({ name, leaks: false });
    }
    expect(during.notesList.status).toBe(503);
    expect(during.notesList.json).toMatchObject({ statusCode: 503 });
    expect(during.noteCreate.status).toBe(503);
    expect(during.signUp.status).toBe(503);
    expect(JSON.stringify(during.signUp.json)).toMatch(/unavailable|try again/i);
    // The token check needs no database: the resource servers keep authenticating.
    expect(during.me.status).toBe(200);
    // MCP reports the outage inside the tool result (isError), over a 200 JSON-RPC exchange.
    expect(during.mcpListNotes.status).toBe(200);
    expect(during.mcpListNotes.body).toMatch(/"isError":\s*true/);
    expect(
      Object.keys(statuses)
        .map(Number)
        .filter((s) => s >= 500 && s !== 503),
    ).toEqual([]);

    // Recovered without a restart.
    expect(back).toBe(true);
    expect((await createNote('after')).status).toBe(201);
    expect((await signUp(`after-${randomUUID()}@example.com`)).status).toBe(200);
    expect((await mcpTool('list_notes', {})).body).not.toMatch(/"isError":\s*true/);

    // Every acknowledged sign-up is stored.
    const stored = await db.query<{ email: string }>(
      'SELECT email FROM "user" WHERE email = ANY($1)',
      [acknowledged],
    );
    expect(acknowledged.length).toBeGreaterThan(0);
    // Reported: sign-ups cut between "create user" and "link account" (Better Auth does not wrap
    // them in one transaction) leave a user without a password.
    figures.usersWithoutAccount = (
      await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM "user" u WHERE NOT EXISTS (SELECT 1 FROM account a WHERE a."userId" = u.id)',
      )
    )[0].n;
    expect(stored.map((r) => r.email).sort()).toEqual([...acknowledged].sort());
  }, 60_000);

  it('a request with a valid session during the outage gets 503, not 401 (the client must not drop its session)', () => {
    for (const name of ['getSession', 'token']) {
      expect({ name, status: during[name].status }).toEqual({ name, status: 503 });
      expect(JSON.stringify(during[name].json)).toMatch(/unavailable|try again/i);
    }
  });
});
