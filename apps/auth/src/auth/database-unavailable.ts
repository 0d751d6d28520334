import { AsyncLocalStorage } from 'node:async_hooks';
import { APIError } from 'better-auth/api';
import { isDatabaseUnavailable } from '#database';

/** Seconds a client should wait before retrying while the database is down (`Retry-After`). */
export const DATABASE_RETRY_AFTER_S = 5;

/** The answer to give instead of Better Auth's bare 500 while the database is down. */
export function databaseUnavailable(): APIError {
  return new APIError(
    'SERVICE_UNAVAILABLE',
    { code: 'DATABASE_UNAVAILABLE', message: 'The database is unavailable; try again shortly.' },
    { 'Retry-After': String(DATABASE_RETRY_AFTER_S) },
  );
}

const outage = new AsyncLocalStorage<{ seen: boolean; failClosed: boolean }>();

/**
 * Runs `fn` (one Better Auth request) as a scope in which {@link databaseOutageSeen} reports whether
 * a model call lost the database. Better Auth swallows some of those errors (its session middleware
 * turns a failed session lookup into "no session", hence a 401): the scope lets them be told apart.
 */
export function trackDatabaseOutage<T>(fn: () => T): T {
  return outage.run({ seen: false, failClosed: false }, fn);
}

/** True inside a {@link trackDatabaseOutage} scope once a model call met a connection error. */
export function databaseOutageSeen(): boolean {
  return outage.getStore()?.seen === true;
}

/**
 * Marks the current request as one that must not report success after a lost database connection,
 * even where Better Auth catches the error and carries on (sign-out logs a failed session delete,
 * clears the cookie and answers 200, leaving the session valid).
 */
export function failOnDatabaseOutage(): void {
  const scope = outage.getStore();
  if (scope) scope.failClosed = true;
}

/** True when the request was marked by {@link failOnDatabaseOutage}. */
export function failsOnDatabaseOutage(): boolean {
  return outage.getStore()?.failClosed === true;
}

/**
 * Wraps the Prisma client given to Better Auth's adapter so that a lost database connection
 * surfaces as a 503 with a clear message (Better Auth turns unknown errors into a 500).
 */
export function withUnavailableAs503<T extends object>(prisma: T): T {
  const delegates = new Map<PropertyKey, unknown>();
  return new Proxy(prisma, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop === 'string' && prop.startsWith('$')) return value;
      if (!value || typeof value !== 'object') return value;
      if (!delegates.has(prop)) delegates.set(prop, wrapDelegate(value));
      return delegates.get(prop);
    },
  });
}

function wrapDelegate(delegate: object): object {
  return new Proxy(delegate, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...a: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]): Promise<unknown> => {
        try {
          return await method.apply(target, args);
        } catch (error) {
          if (!isDatabaseUnavailable(error)) throw error;
          const scope = outage.getStore();
          if (scope) scope.seen = true;
          throw databaseUnavailable();
        }
      };
    },
  });
}
