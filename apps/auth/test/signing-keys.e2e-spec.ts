import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { decodeProtectedHeader } from 'jose';
import { PrismaService } from '#database';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import type { Auth } from '../src/auth/auth.factory.js';
import { BETTER_AUTH } from '../src/auth/auth.tokens.js';
import { KEY_ROWS_REVALIDATE_MS } from '../src/auth/signing-key.rows.js';

/**
 * Signing a token reads the key rows from memory (at most once per KEY_ROWS_REVALIDATE_MS), and
 * stays right across rotation and replicas: a key minted here signs the very next token (no second
 * key minted), a key minted by another replica signs here within the bound. Two real auth servers on one database; reads counted on Better Auth's own adapter.
 */
let auth: AuthServer;
let replica: AuthServer;
let session: string;
let replicaSession: string;
let keyReads: () => number;

const kidOf = (jwt: string) => decodeProtectedHeader(jwt).kid!;
const pastTheBound = () =>
  new Promise((resolve) => setTimeout(resolve, KEY_ROWS_REVALIDATE_MS + 100));

/** Expires every key in the table, as the clock does after the rotation interval. */
async function expireAllKeys(): Promise<void> {
  await auth.app
    .get(PrismaService)
    .jwks.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
}

const keyCount = () => auth.app.get(PrismaService).jwks.count();

beforeAll(async () => {
  const env = {
    NODE_ENV: 'development',
    AUTH_RATE_LIMIT: 'off',
    JWKS_GRACE_PERIOD_S: '3600',
    // replicas share the secret that encrypts the private keys
    BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
  };
  auth = await startAuthServer(env);
  replica = await startAuthServer({ ...env, DATABASE_URL: auth.databaseUrl });
  session = (await auth.signUp()).sessionToken;
  replicaSession = (await replica.signUp()).sessionToken;
  const context = await auth.app.get<Auth>(BETTER_AUTH).$context;
  const findMany = jest.spyOn(context.adapter, 'findMany');
  keyReads = () =>
    findMany.mock.calls.filter(([query]) => (query as { model: string }).model === 'jwks').length;
});
afterAll(async () => {
  await replica?.close();
  await auth?.close();
});

it('does not read the key table for every token', async () => {
  await auth.token(session); // a fresh copy
  const before = keyReads();
  const tokens = await Promise.all(Array.from({ length: 20 }, () => auth.token(session)));
  expect(new Set(tokens.map(kidOf)).size).toBe(1);
  // at most the one read of a revalidation that fell due meanwhile
  expect(keyReads() - before).toBeLessThanOrEqual(1);
});

it('signs the next token with a key minted here, and mints only one', async () => {
  const old = kidOf(await auth.token(session));
  await expireAllKeys();
  await pastTheBound(); // the copy in memory still shows the old key live until then
  const keys = await keyCount();
  const first = kidOf(await auth.token(session));
  const [second, third] = (await Promise.all([auth.token(session), auth.token(session)])).map(
    kidOf,
  );
  expect(first).not.toBe(old);
  expect([second, third]).toEqual([first, first]);
  expect(await keyCount()).toBe(keys + 1);
}, 30_000);

it('signs with a key minted by another replica within the bound, minting none itself', async () => {
  await auth.token(session); // this instance holds a copy
  await expireAllKeys();
  await pastTheBound();
  const minted = kidOf(await replica.token(replicaSession));
  const keys = await keyCount();
  await pastTheBound();
  expect(kidOf(await auth.token(session))).toBe(minted);
  expect(await keyCount()).toBe(keys);
}, 30_000);
