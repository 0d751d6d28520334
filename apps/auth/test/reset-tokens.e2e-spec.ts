/**
 * Password-reset tokens: single generation (any successful reset or password change ends every
 * outstanding token of the user) and stored hashed, in the database and in Redis alike.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { PrismaService } from '#database';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { TEST_REDIS_URL, redisReachable } from '../../../test/support/redis.js';
import { bearer, postJson } from './http.js';

const redisUp = await redisReachable();
const prefix = `reset-tokens-${randomUUID()}:`;

const setups: [string, Record<string, string>][] = [
  ['without Redis', {}],
  ...(redisUp
    ? [
        ['with Redis', { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix }] as [
          string,
          Record<string, string>,
        ],
      ]
    : []),
];

describe.each(setups)('reset tokens %s', (_name, env) => {
  let auth: AuthServer;
  let redis: Redis | undefined;
  beforeAll(async () => {
    auth = await startAuthServer(env);
    if (env.REDIS_URL) redis = new Redis(env.REDIS_URL);
  });
  afterAll(async () => {
    const keys = await redis?.keys(`${prefix}*`);
    if (keys?.length) await redis!.del(...keys);
    redis?.disconnect();
    await auth?.close();
  });

  const requestReset = async (email: string, count: number) => {
    expect((await postJson(auth.url, '/api/auth/request-password-reset', { email })).status).toBe(
      200,
    );
    return (await auth.waitForMail(email, 'reset-password', count)).token;
  };
  const resetWith = (token: string, newPassword: string) =>
    postJson(auth.url, '/api/auth/reset-password', { token, newPassword });

  it('refuses an older reset token once a newer one was used', async () => {
    const { user } = await auth.signUp();
    const older = await requestReset(user.email, 1);
    const newer = await requestReset(user.email, 2);
    expect(newer).not.toBe(older);
    expect((await resetWith(newer, 'the newer password 1')).status).toBe(200);
    const replay = await resetWith(older, 'the older password 1');
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({ code: 'INVALID_TOKEN' });
    const signIn = await postJson(auth.url, '/api/auth/sign-in/email', {
      email: user.email,
      password: 'the newer password 1',
    });
    expect(signIn.status).toBe(200);
  });

  it('refuses a reset token after the password was changed', async () => {
    const { user, password, sessionToken } = await auth.signUp();
    const token = await requestReset(user.email, 1);
    const changed = await postJson(
      auth.url,
      '/api/auth/change-password',
      { currentPassword: password, newPassword: 'a changed password 1' },
      bearer(sessionToken),
    );
    expect(changed.status).toBe(200);
    const reset = await resetWith(token, 'a password from the mail');
    expect(reset.status).toBe(400);
    expect(reset.body).toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('stores reset tokens hashed: neither the verification table nor Redis holds the token', async () => {
    const { user } = await auth.signUp();
    const token = await requestReset(user.email, 1);
    const rows = await auth.app
      .get(PrismaService)
      .verification.findMany({ where: { value: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].identifier).toMatch(/^reset-password:[\w-]{43}$/);
    expect(JSON.stringify(rows)).not.toContain(token);
    if (redis) {
      const keys = await redis.keys(`${prefix}verification:*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.join(' ')).not.toContain(token);
      const values = await Promise.all(keys.map((key) => redis!.get(key)));
      expect(values.join(' ')).not.toContain(token);
    }
    // The hashed token still works, once.
    expect((await resetWith(token, 'a hashed-token password')).status).toBe(200);
    expect((await resetWith(token, 'a hashed-token password')).status).toBe(400);
  });
});
