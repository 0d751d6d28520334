import { jest } from '@jest/globals';
import { redisStorage } from '@better-auth/redis-storage';
import { APIError } from 'better-auth/api';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL, redisReachable } from '../../../../test/support/redis.js';
import { accountLimiter, ACCOUNT_RULES, memoryCounter, type Counter } from './account-limit.js';
import { CLIENT_IP_HEADER } from './auth.http.js';

const SIGN_IN = '/sign-in/email';
const RESET = '/request-password-reset';
const signIn = ACCOUNT_RULES[SIGN_IN];
const reset = ACCOUNT_RULES[RESET];
const wrongPassword = new APIError('UNAUTHORIZED', { code: 'INVALID_EMAIL_OR_PASSWORD' });

/** One request through both hooks, as Better Auth runs them; `outcome` is what the endpoint returned. */
async function attempt(
  limit: ReturnType<typeof accountLimiter>,
  path: string,
  email: string,
  address: string,
  outcome: unknown = wrongPassword,
): Promise<number> {
  const ctx = {
    path,
    body: { email, password: 'x' },
    headers: new Headers({ [CLIENT_IP_HEADER]: address }),
    context: { returned: outcome },
  };
  try {
    await limit.before(ctx);
  } catch (error) {
    expect(error).toBeInstanceOf(APIError);
    const refused = error as APIError;
    expect(refused.headers).toMatchObject({ 'X-Retry-After': String(ACCOUNT_RULES[path].window) });
    return refused.statusCode;
  }
  await limit.after(ctx);
  return outcome instanceof APIError ? outcome.statusCode : 200;
}

const repeat = <T>(n: number, value: T) => Array<T>(n).fill(value);

function scenarios(name: string, makeCounter: () => Counter) {
  describe(`accountLimiter on ${name}`, () => {
    let limit: ReturnType<typeof accountLimiter>;
    let email: string;
    beforeEach(() => {
      limit = accountLimiter(makeCounter());
      email = `${randomUUID()}@example.com`;
    });

    it('stops guessing from one address, case-insensitively, but not the owner elsewhere', async () => {
      const statuses: number[] = [];
      for (let i = 0; i <= signIn.perAddress; i++) {
        statuses.push(
          await attempt(limit, SIGN_IN, i % 2 ? email.toUpperCase() : ` ${email}`, 'A'),
        );
      }
      expect(statuses).toEqual([...repeat(signIn.perAddress, 401), 429]);
      expect(await attempt(limit, SIGN_IN, email, 'B', { token: 't' })).toBe(200);
      expect(await attempt(limit, SIGN_IN, email, 'A', { token: 't' })).toBe(429);
    });

    it('clears an address once it signs in, so a typo or two never adds up to a lockout', async () => {
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < signIn.perAddress - 1; i++) await attempt(limit, SIGN_IN, email, 'A');
        expect(await attempt(limit, SIGN_IN, email, 'A', { token: 't' })).toBe(200);
      }
    });

    it('past the sign-in ceiling, refuses addresses that already failed and lets clean ones in', async () => {
      for (let i = 0; i < signIn.ceiling; i++) {
        expect(await attempt(limit, SIGN_IN, email, `bot-${i}`)).toBe(401);
      }
      expect(await attempt(limit, SIGN_IN, email, 'bot-0')).toBe(429);
      expect(await attempt(limit, SIGN_IN, email, 'owner', { token: 't' })).toBe(200);
      expect(await attempt(limit, SIGN_IN, `other-${email}`, 'bot-0')).toBe(401);
    });

    it('limits reset requests per address, so nobody else can use up the owner’s', async () => {
      const statuses: number[] = [];
      for (let i = 0; i <= reset.perAddress; i++) {
        statuses.push(await attempt(limit, RESET, email, 'A', { status: true }));
      }
      expect(statuses).toEqual([...repeat(reset.perAddress, 200), 429]);
      expect(await attempt(limit, RESET, email, 'B', { status: true })).toBe(200);
    });

    it('past the reset ceiling, answers only addresses that have not asked yet', async () => {
      for (let i = 0; i < reset.ceiling; i++) {
        expect(await attempt(limit, RESET, email, `bot-${i}`, { status: true })).toBe(200);
      }
      expect(await attempt(limit, RESET, email, 'bot-0', { status: true })).toBe(429);
      expect(await attempt(limit, RESET, email, 'owner', { status: true })).toBe(200);
    });

    it('leaves other paths and bodies without an email alone', async () => {
      const other = { path: '/get-session', body: { email }, headers: new Headers() };
      for (let i = 0; i < 20; i++) await expect(limit.before(other)).resolves.toBeUndefined();
      await expect(limit.before({ path: SIGN_IN, body: { email: 42 } })).resolves.toBeUndefined();
    });
  });
}

scenarios('the in-process counter', () => memoryCounter());

const redisUp = await redisReachable();
const prefix = `account-limit-spec-${randomUUID()}:`;
const redis = redisUp ? new Redis(TEST_REDIS_URL) : undefined;
afterAll(async () => {
  const keys = await redis?.keys(`${prefix}*`);
  if (keys?.length) await redis!.del(...keys);
  redis?.disconnect();
});
// The storage Better Auth itself uses with REDIS_URL, so every replica shares the counts.
(redisUp ? scenarios : describe.skip)('Redis (secondary storage)', () =>
  redisStorage({ client: redis!, keyPrefix: prefix }),
);

describe('memoryCounter', () => {
  it('starts a new window when the old one expires', async () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const counter = memoryCounter();
      expect(await counter.increment('k', 10)).toBe(1);
      expect(await counter.increment('k', 10)).toBe(2);
      expect(await counter.get('k')).toBe(2);
      jest.setSystemTime(10_001);
      expect(await counter.get('k')).toBeNull();
      expect(await counter.increment('k', 10)).toBe(1);
      await counter.delete('k');
      expect(await counter.get('k')).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it('stays bounded in memory', async () => {
    const counter = memoryCounter(3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) await counter.increment(key, 60);
    expect(await counter.increment('a', 60)).toBe(1);
  });
});
