import { jest } from '@jest/globals';
import { decodeProtectedHeader } from 'jose';
import { PrismaService } from '#database';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import type { Auth } from '../src/auth/auth.factory.js';
import { BETTER_AUTH } from '../src/auth/auth.tokens.js';
import { KEY_ROWS_REVALIDATE_MS } from '../src/auth/signing-key.rows.js';
import { JWKS_REVALIDATE_MS } from '../src/well-known/jwks.cache.js';
import { get } from './http.js';

/**
 * Both JWKS URLs are served from memory: one strong ETag, 304 on `If-None-Match`, no read of the key
 * table per request (counted on the real adapter Better Auth reads it through), a key minted here
 * shows at once, one minted by another replica within {@link JWKS_REVALIDATE_MS}.
 */
const PATHS = ['/.well-known/jwks.json', '/api/auth/jwks'];
let auth: AuthServer;
let replica: AuthServer;
let keyReads: () => number;

/** Counts reads of the `jwks` model through the adapter of `server`'s Better Auth instance. */
async function countKeyReads(server: AuthServer): Promise<() => number> {
  const context = await server.app.get<Auth>(BETTER_AUTH).$context;
  const spy = jest.spyOn(context.adapter, 'findMany');
  const spyOne = jest.spyOn(context.adapter, 'findOne');
  return () =>
    [...spy.mock.calls, ...spyOne.mock.calls].filter(
      ([query]) => (query as { model: string }).model === 'jwks',
    ).length;
}

const kids = (body: unknown) =>
  (body as { keys: { kid: string }[] }).keys.map((key) => key.kid).sort();

/** Forces a rotation on `server`, as the clock would after the rotation interval. */
async function rotate(server: AuthServer): Promise<string> {
  const { sessionToken } = await server.signUp();
  const prisma = server.app.get(PrismaService);
  await prisma.jwks.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
  // signing judges expiry on its copy of the rows (the clock moves it there too; this edit of the
  // table shows once the copy is reread)
  await new Promise((resolve) => setTimeout(resolve, KEY_ROWS_REVALIDATE_MS + 100));
  return decodeProtectedHeader(await server.token(sessionToken)).kid!;
}

beforeAll(async () => {
  const env = { NODE_ENV: 'development', AUTH_RATE_LIMIT: 'off', JWKS_GRACE_PERIOD_S: '3600' };
  auth = await startAuthServer(env);
  replica = await startAuthServer({ ...env, DATABASE_URL: auth.databaseUrl });
  keyReads = await countKeyReads(auth);
});
afterAll(async () => {
  await replica?.close();
  await auth?.close();
});

it('answers both URLs with the same bytes and strong ETag, and 304 to If-None-Match', async () => {
  const [wellKnown, betterAuth] = await Promise.all(PATHS.map((path) => get(auth.url, path)));
  expect(wellKnown.status).toBe(200);
  expect(betterAuth.status).toBe(200);
  const etag = wellKnown.headers.get('etag')!;
  expect(etag).toMatch(/^"[\w-]{20,}"$/); // strong: no W/ prefix
  expect(betterAuth.headers.get('etag')).toBe(etag);
  expect(betterAuth.text).toBe(wellKnown.text);
  expect(kids(wellKnown.body).length).toBeGreaterThan(0);

  for (const path of PATHS) {
    const res = await get(auth.url, path);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300'); // < the grace period
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    for (const tag of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const cached = await get(auth.url, path, { 'if-none-match': tag });
      expect({ path, tag, status: cached.status, text: cached.text }).toEqual({
        path,
        tag,
        status: 304,
        text: '',
      });
      expect(cached.headers.get('etag')).toBe(etag);
    }
    expect((await get(auth.url, path, { 'if-none-match': '"other"' })).status).toBe(200);
  }
});

it('does not read the key table per request', async () => {
  await Promise.all(PATHS.map((path) => get(auth.url, path))); // a fresh copy
  const before = keyReads();
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => PATHS.map((path) => get(auth.url, path))).flat(),
  );
  expect(answers.every((res) => res.status === 200)).toBe(true);
  // 40 requests: at most the one read of a revalidation that fell due meanwhile
  expect(keyReads() - before).toBeLessThanOrEqual(1);
});

it('shows a key minted here at once on both URLs, with a new ETag', async () => {
  const old = await get(auth.url, PATHS[0]);
  const reads = keyReads();
  const minted = await rotate(auth);
  expect(keyReads()).toBeGreaterThan(reads); // the counter sees the table when it is read
  for (const path of PATHS) {
    const res = await get(auth.url, path, { 'if-none-match': old.headers.get('etag')! });
    expect(res.status).toBe(200);
    expect(kids(res.body)).toContain(minted);
    expect(kids(res.body)).toEqual(expect.arrayContaining(kids(old.body))); // grace period
    expect(res.headers.get('etag')).not.toBe(old.headers.get('etag'));
  }
});

it('shows a key minted by another replica within the revalidation bound', async () => {
  await Promise.all(PATHS.map((path) => get(replica.url, path))); // the replica holds a copy
  const minted = await rotate(auth);
  await new Promise((resolve) => setTimeout(resolve, JWKS_REVALIDATE_MS + 100));
  for (const path of PATHS) {
    expect(kids((await get(replica.url, path)).body)).toContain(minted);
  }
}, 30_000);
