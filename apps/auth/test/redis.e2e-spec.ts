/**
 * Two auth replicas sharing one database and one Redis (REDIS_URL): rate-limit counters and
 * session storage live in Redis, so limits hold across replicas. Skipped when no Redis answers at
 * TEST_REDIS_URL (default redis://127.0.0.1:6379).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { bearer, get, postFrom, postJson } from './http.js';
import { TEST_REDIS_URL, redisReachable } from '../../../test/support/redis.js';

const redisUrl = TEST_REDIS_URL;

const redisUp = await redisReachable(redisUrl);
const prefix = `auth-test-${randomUUID()}:`;

(redisUp ? describe : describe.skip)('two replicas on one Redis', () => {
  let a: AuthServer;
  let b: AuthServer;
  let redis: Redis;
  beforeAll(async () => {
    // Replicas share the secret (signed session cookies, encrypted signing keys).
    const env = {
      NODE_ENV: 'development',
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      BETTER_AUTH_SECRET: 'kQ9v2Lr7Zp4Xw8Ym3Tn6Bc1Hd5Fg0Js2Ua7Ve4Wx9',
    };
    a = await startAuthServer(env);
    b = await startAuthServer({ ...env, DATABASE_URL: a.databaseUrl });
    redis = new Redis(redisUrl);
  });
  afterAll(async () => {
    const keys = await redis?.keys(`${prefix}*`);
    if (keys?.length) await redis.del(...keys);
    redis?.disconnect();
    await b?.close();
    await a?.close();
  });

  it('reports Redis in readiness', async () => {
    const ready = await get(a.url, '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
  });

  it('shares one per-address sign-in limit, counted in Redis', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const replica = i % 2 ? b : a;
      const res = await postFrom('127.0.0.9', replica.url, '/api/auth/sign-in/email', {
        email: `shared-${i}@example.com`,
        password: 'wrong password',
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(20).fill(401), 429]);
    expect(await redis.keys(`${prefix}127.0.0.9|/sign-in/email`)).toHaveLength(1);
  });

  it('shares the per-account limit across replicas', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const replica = i % 2 ? b : a;
      const res = await postFrom('127.0.4.1', replica.url, '/api/auth/request-password-reset', {
        email: 'shared-account@example.com',
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('shares sign-in failures per account and address across replicas, sparing the owner', async () => {
    const { user, password } = await a.signUp();
    const guess = (i: number) =>
      postFrom('127.0.4.2', i % 2 ? b.url : a.url, '/api/auth/sign-in/email', {
        email: user.email,
        password: 'wrong password',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await guess(i)).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const owner = await postFrom('127.0.4.3', b.url, '/api/auth/sign-in/email', {
      email: user.email,
      password,
    });
    expect(owner.status).toBe(200);
  });

  it('keeps sessions in Redis: a session made on one replica works and is revoked on the other', async () => {
    const { sessionToken } = await a.signUp();
    expect(await b.token(sessionToken)).toMatch(/^ey/);
    const raw = sessionToken.split('.')[0];
    expect(await redis.exists(`${prefix}${raw}`)).toBe(1);
    const out = await postJson(
      b.url,
      '/api/auth/revoke-session',
      { token: raw },
      bearer(sessionToken),
    );
    expect(out.status).toBe(200);
    expect((await get(a.url, '/api/auth/token', bearer(sessionToken))).status).toBe(401);
  });
});
