/**
 * Auth server hostile corpus: several hundred generated malformed and
 * hostile requests across the public endpoints, against the real auth server on a real database
 * (NODE_ENV=development, so CSRF checks are on). None may get a 5xx or kill the server, and nothing
 * may be stored except the users of sign-ups that were acknowledged with a 2xx (whose odd part is
 * free text), never with a privileged field set by the client. Rate limiting is off here (it would
 * answer 429 before validation); it is covered by apps/auth/test.
 */
import { PrismaService } from '#database';
import type { AuthServer } from '../support/auth-server.js';
import { buildAuthCorpus, type AuthCase } from './support/auth-corpus.js';
import { probe, type ProbeResult } from './support/http-probe.js';
import { leaksInternals, writeResults } from './support/results.js';

// Better Auth reads NODE_ENV when its modules load and skips its origin (CSRF) checks under "test"
// (jest's default): set it first, then load the auth server.
process.env.NODE_ENV = 'development';
const { startAuthServer } = await import('../support/auth-server.js');

let auth: AuthServer;
let prisma: PrismaService;
const counts = async () => ({
  users: await prisma.user.count(),
  sessions: await prisma.session.count(),
  accounts: await prisma.account.count(),
  verifications: await prisma.verification.count(),
});

beforeAll(async () => {
  auth = await startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'false' });
  prisma = auth.app.get(PrismaService);
}, 60_000);

afterAll(async () => {
  await auth?.close();
});

it('answers ≥ 300 hostile requests without a 5xx, a crash, a leak or an unintended write', async () => {
  const corpus = buildAuthCorpus(auth.url);
  expect(corpus.length).toBeGreaterThanOrEqual(300);
  const before = await counts();
  const results: { c: AuthCase; res: ProbeResult }[] = [];
  const queue = [...corpus];
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      results.push({
        c,
        res: await probe(`${auth.url}${c.path}`, {
          method: c.method,
          headers: c.headers,
          body: c.body,
        }),
      });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const after = await counts();

  const byStatus: Record<number, number> = {};
  for (const { res } of results) byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
  const failures = results.filter(
    ({ res }) => res.status === 0 || res.status >= 500 || leaksInternals(res.body),
  );
  const created = results.filter(
    ({ c, res }) =>
      c.path === '/api/auth/sign-up/email' &&
      c.method === 'POST' &&
      res.status >= 200 &&
      res.status < 300,
  );
  const unexpectedCreations = created.filter(({ c }) => !c.mayCreateUser);
  writeResults('auth-fuzz', {
    cases: corpus.length,
    byStatus,
    before,
    after,
    createdBySignUp: created.map(({ c }) => `${c.group}: ${c.name}`),
    failures: failures.map(({ c, res }) => ({
      case: `${c.group}: ${c.name}`,
      status: res.status,
      body: res.body.slice(0, 200),
    })),
  });

  expect(
    failures.map(({ c, res }) => `${c.group}: ${c.name} → ${res.status} ${res.body.slice(0, 120)}`),
  ).toEqual([]);
  expect(unexpectedCreations.map(({ c }) => c.name)).toEqual([]);
  // Nothing stored beyond the acknowledged sign-ups (one user, one account, one session each).
  expect(after.users - before.users).toBe(created.length);
  expect(after.accounts - before.accounts).toBe(created.length);
  expect(after.sessions - before.sessions).toBe(created.length);
  expect(after.verifications).toBe(before.verifications);
  // No client-chosen privilege, identity or verification state got through.
  const odd = await prisma.user.findMany({
    where: { OR: [{ role: { not: 'user' } }, { emailVerified: true }, { id: 'chosen-id' }] },
  });
  expect(odd).toEqual([]);
  // The process's prototypes are untouched (the server runs in this process).
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).role).toBeUndefined();
}, 120_000);

it('still serves normally afterwards', async () => {
  expect((await probe(`${auth.url}/health/live`)).status).toBe(200);
  const user = await auth.signUp();
  expect(await auth.token(user.sessionToken)).toMatch(/^ey/);
});
