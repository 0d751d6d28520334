import { jest } from '@jest/globals';
import { APIError } from 'better-auth/api';
import { accountLimiter, ACCOUNT_RULES, memoryCounter } from './account-limit.js';

describe('accountLimiter', () => {
  it('allows `max` attempts per email and path, case-insensitively, then answers 429 with a retry delay', async () => {
    const limit = accountLimiter(memoryCounter());
    const rule = ACCOUNT_RULES['/sign-in/email'];
    const attempt = (email: string) => limit({ path: '/sign-in/email', body: { email } });
    for (let i = 0; i < rule.max; i++) await attempt(i % 2 ? 'A@Example.com' : 'a@example.com ');
    const error = await attempt('a@example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).statusCode).toBe(429);
    expect((error as APIError).headers).toMatchObject({ 'X-Retry-After': String(rule.window) });
    await expect(attempt('b@example.com')).resolves.toBeUndefined();
    await expect(
      limit({ path: '/get-session', body: { email: 'a@example.com' } }),
    ).resolves.toBeUndefined();
  });

  it('starts a new window when the old one expires', async () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const counter = memoryCounter();
      expect(await counter.increment('k', 10)).toBe(1);
      expect(await counter.increment('k', 10)).toBe(2);
      jest.setSystemTime(10_001);
      expect(await counter.increment('k', 10)).toBe(1);
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
