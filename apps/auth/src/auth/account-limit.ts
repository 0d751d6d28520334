import { APIError } from 'better-auth/api';
import type { HookInput } from './auth.limits.js';

/** Counts events per key over a fixed window (`ttlS` starts at the first event). */
export interface Counter {
  increment(key: string, ttlS: number): Promise<number>;
}

/** In-process counter, for a single replica. */
export function memoryCounter(maxEntries = 100_000): Counter {
  const entries = new Map<string, { count: number; expiresAt: number }>();
  return {
    increment(key, ttlS) {
      const now = Date.now();
      const entry = entries.get(key);
      if (entry && entry.expiresAt > now) {
        entry.count += 1;
        return Promise.resolve(entry.count);
      }
      if (entries.size >= maxEntries) {
        for (const [k, e] of entries) if (e.expiresAt <= now) entries.delete(k);
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      }
      entries.set(key, { count: 1, expiresAt: now + ttlS * 1000 });
      return Promise.resolve(1);
    },
  };
}

/** Per-account rules: attempts per email address, whatever the client address. */
export const ACCOUNT_RULES: Record<string, { window: number; max: number }> = {
  '/sign-in/email': { window: 300, max: 10 },
  '/request-password-reset': { window: 900, max: 3 },
  '/send-verification-email': { window: 900, max: 3 },
};

/**
 * A `hooks.before` middleware limiting attempts per account (email), on top of Better Auth's
 * per-address limiter, so a password-guessing botnet gets no more than `max` tries per window.
 * Known and unknown addresses are counted alike, so the 429 tells nothing about existence.
 */
export function accountLimiter(counter: Counter) {
  return async (ctx: HookInput): Promise<void> => {
    const rule = ACCOUNT_RULES[ctx.path];
    const email = (ctx.body as { email?: unknown } | undefined)?.email;
    if (!rule || typeof email !== 'string') return;
    const count = await counter.increment(
      `account|${ctx.path}|${email.trim().toLowerCase()}`,
      rule.window,
    );
    if (count > rule.max) {
      throw new APIError(
        'TOO_MANY_REQUESTS',
        {
          code: 'TOO_MANY_ATTEMPTS',
          message: 'Too many attempts for this account. Try again later.',
        },
        { 'X-Retry-After': String(rule.window) },
      );
    }
  };
}
