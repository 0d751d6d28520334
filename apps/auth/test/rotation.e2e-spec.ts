import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { PrismaService } from '#database';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { KEY_ROWS_REVALIDATE_MS } from '../src/auth/signing-key.rows.js';
import { get } from './http.js';

/**
 * The tests move a key's expiry in the table instead of waiting a rotation interval; signing
 * judges expiry on its in-memory copy of the rows (where the clock moves it too), which shows such
 * an edit once it is reread.
 */
const untilSigningRereads = () =>
  new Promise((resolve) => setTimeout(resolve, KEY_ROWS_REVALIDATE_MS + 100));

/**
 * Better Auth's rotation (better-auth/dist/plugins/jwt): each key row gets
 * `expiresAt = createdAt + rotationInterval`; signing with an expired latest key mints a new one;
 * the JWKS keeps publishing a key until `expiresAt + gracePeriod`. Here a rotation is forced by
 * moving the current key's `expiresAt` into the past, as the clock would after JWKS_ROTATION_INTERVAL_S.
 */
let auth: AuthServer;
let prisma: PrismaService;
const GRACE_S = 900;

beforeAll(async () => {
  auth = await startAuthServer({
    NODE_ENV: 'development',
    AUTH_RATE_LIMIT: 'off',
    JWKS_ROTATION_INTERVAL_S: '3600',
    JWKS_GRACE_PERIOD_S: String(GRACE_S),
  });
  prisma = auth.app.get(PrismaService);
});
afterAll(async () => {
  await auth?.close();
});

const verify = (token: string, path: string) =>
  jwtVerify(token, createRemoteJWKSet(new URL(auth.url + path)), {
    issuer: auth.url,
    algorithms: ['EdDSA'],
  });

const kids = async (path: string) =>
  (await get<{ keys: { kid: string }[] }>(auth.url, path)).body.keys.map((k) => k.kid).sort();

it('stamps keys with an expiry one rotation interval after creation', async () => {
  const { sessionToken } = await auth.signUp();
  const { kid } = decodeProtectedHeader(await auth.token(sessionToken));
  const key = await prisma.jwks.findUniqueOrThrow({ where: { id: kid! } });
  // Better Auth stamps createdAt and expiresAt from two clock reads: they may be a few ms apart.
  const lifetime = key.expiresAt!.getTime() - key.createdAt.getTime();
  expect(Math.abs(lifetime - 3600 * 1000)).toBeLessThan(1000);
});

it('rotates to a new key while tokens signed by the old key keep verifying through both JWKS URLs', async () => {
  const { sessionToken } = await auth.signUp();
  const oldToken = await auth.token(sessionToken);
  const oldKid = decodeProtectedHeader(oldToken).kid!;

  // The rotation interval elapses.
  await prisma.jwks.update({
    where: { id: oldKid },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  await untilSigningRereads();

  const newToken = await auth.token(sessionToken);
  const newKid = decodeProtectedHeader(newToken).kid!;
  expect(newKid).not.toBe(oldKid);

  for (const path of ['/api/auth/jwks', '/.well-known/jwks.json']) {
    expect(await kids(path)).toEqual(expect.arrayContaining([oldKid, newKid]));
    await expect(verify(oldToken, path)).resolves.toBeTruthy();
    await expect(verify(newToken, path)).resolves.toBeTruthy();
  }
  // New tokens keep using the new key.
  expect(decodeProtectedHeader(await auth.token(sessionToken)).kid).toBe(newKid);
});

it('stops publishing a rotated key once its grace period is over', async () => {
  const { sessionToken } = await auth.signUp();
  const token = await auth.token(sessionToken);
  const kid = decodeProtectedHeader(token).kid!;
  await prisma.jwks.update({
    where: { id: kid },
    data: { expiresAt: new Date(Date.now() - (GRACE_S + 1) * 1000) },
  });
  await untilSigningRereads();
  const fresh = decodeProtectedHeader(await auth.token(sessionToken)).kid!;
  expect(await kids('/.well-known/jwks.json')).not.toContain(kid);
  expect(await kids('/.well-known/jwks.json')).toContain(fresh);
  await expect(verify(token, '/api/auth/jwks')).rejects.toThrow(/no applicable key/i);
});
