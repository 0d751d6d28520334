import { APIError, isAPIError } from 'better-auth/api';
import { CLIENT_IP_HEADER } from './auth.http.js';

/**
 * Counts events per key over a fixed window (`ttlS` starts at the first event). Better Auth's
 * secondary storage (Redis, shared by every replica) fits it as is; {@link memoryCounter} is the
 * single-replica stand-in.
 */
export interface Counter {
  increment(key: string, ttlS: number): Promise<number>;
  /** The current count as stored (a number or its string), or nothing when absent or expired. */
  get(key: string): Promise<unknown>;
  delete(key: string): Promise<unknown>;
}

/** In-process counter, for a single replica. */
export function memoryCounter(maxEntries = 100_000): Counter {
  const entries = new Map<string, { count: number; expiresAt: number }>();
  const live = (key: string, now: number) => {
    const entry = entries.get(key);
    return entry && entry.expiresAt > now ? entry : undefined;
  };
  return {
    increment(key, ttlS) {
      const now = Date.now();
      const entry = live(key, now);
      if (entry) {
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
    get(key) {
      return Promise.resolve(live(key, Date.now())?.count ?? null);
    },
    delete(key) {
      return Promise.resolve(entries.delete(key));
    },
  };
}

/** Limits of one endpoint, per account (the email address in the body). */
export interface AccountRule {
  /** Seconds a count lives, from its first event; also the `Retry-After` of a refusal. */
  window: number;
  /** Attempts one client address may make for one account per window. */
  perAddress: number;
  /**
   * Events per account and window (from every address) past which only addresses that have made
   * no attempt of their own for the account get through: a botnet gets one try per address, the
   * owner on a clean address is never refused.
   */
  ceiling: number;
  /**
   * Sign-in: the ceiling counts wrong passwords only, and a success clears the address's count,
   * so a correct password is refused only from an address that keeps failing.
   */
  failuresOnly?: boolean;
}

/** Per-account rules, on top of Better Auth's per-address limits (`rateLimit.customRules`). */
export const ACCOUNT_RULES: Readonly<Record<string, AccountRule>> = {
  '/sign-in/email': { window: 300, perAddress: 10, ceiling: 100, failuresOnly: true },
  '/request-password-reset': { window: 900, perAddress: 3, ceiling: 10 },
  '/send-verification-email': { window: 900, perAddress: 3, ceiling: 10 },
};

/** The parts of a Better Auth hook context the account limiter reads. */
export interface AccountLimitInput {
  path: string;
  body?: unknown;
  headers?: Headers;
  context?: { returned?: unknown };
}

function tooMany(rule: AccountRule): never {
  throw new APIError(
    'TOO_MANY_REQUESTS',
    { code: 'TOO_MANY_ATTEMPTS', message: 'Too many attempts for this account. Try again later.' },
    { 'X-Retry-After': String(rule.window) },
  );
}

function keysOf(ctx: AccountLimitInput) {
  const rule = Object.hasOwn(ACCOUNT_RULES, ctx.path) ? ACCOUNT_RULES[ctx.path] : undefined;
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  if (!rule || typeof email !== 'string') return undefined;
  const account = `account|${ctx.path}|${email.trim().toLowerCase()}`;
  // Set by the HTTP middleware from the socket (or a trusted proxy), never by the client.
  const address = ctx.headers?.get(CLIENT_IP_HEADER) ?? '';
  return { rule, account, address: `${account}|${address}` };
}

/**
 * Per-account limits as two hook middlewares (auth.layers.ts). `before` counts the attempt against
 * the account and the client address and refuses past {@link AccountRule.perAddress} or, for an
 * address that already tried, past {@link AccountRule.ceiling}; `after` records the outcome of a
 * sign-in (a wrong password counts towards the ceiling, a success clears the address's count).
 * Known and unknown addresses are counted alike, so a 429 tells nothing about existence.
 */
export function accountLimiter(counter: Counter) {
  return {
    async before(ctx: AccountLimitInput): Promise<void> {
      const keys = keysOf(ctx);
      if (!keys) return;
      const { rule } = keys;
      // Counted before the work, so parallel requests cannot slip past the limit together.
      const fromAddress = await counter.increment(keys.address, rule.window);
      if (fromAddress > rule.perAddress) tooMany(rule);
      const earlier = rule.failuresOnly
        ? Number((await counter.get(keys.account)) ?? 0)
        : (await counter.increment(keys.account, rule.window)) - 1;
      if (fromAddress > 1 && earlier >= rule.ceiling) tooMany(rule);
    },
    async after(ctx: AccountLimitInput): Promise<void> {
      const keys = keysOf(ctx);
      if (!keys?.rule.failuresOnly) return;
      const returned = ctx.context?.returned;
      if (!isAPIError(returned)) await counter.delete(keys.address);
      else if (returned.statusCode === 401) await counter.increment(keys.account, keys.rule.window);
    },
  };
}

/**
 * True for the first call per key and window, false for the rest: bounds mail that anyone can
 * trigger for someone else's address (the "someone tried to sign up" notice) to one per window.
 */
export function oncePerWindow(counter: Counter, windowS: number) {
  return async (key: string): Promise<boolean> =>
    (await counter.increment(`once|${key}`, windowS)) === 1;
}
