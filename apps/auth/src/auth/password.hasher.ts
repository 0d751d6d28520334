import { availableParallelism } from 'node:os';
import { hashPassword, verifyPassword } from 'better-auth/crypto';

/** Runs at most `max` tasks at once; the others wait their turn, first come first served. */
export function concurrencyLimit(max: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function limited<T>(task: () => Promise<T>): Promise<T> {
    if (active < max) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/** Hashes at once: one per core. libuv's 4 threads on fewer cores would crowd out the event loop. */
export const HASH_CONCURRENCY = Math.max(1, availableParallelism());

/**
 * Better Auth's own scrypt hashing (same format: existing hashes keep verifying) with at most
 * `max` hashes running at once. Unbounded, a sign-in storm keeps libuv's 4 threads busy with
 * scrypt, more threads than a 2-core machine has cores, and every other request waits for the
 * event loop to be scheduled. `npm run bench` on 2 idle cores, 8 connections signing in: the p99
 * of `/health/live` went from 27-32 ms to 9-12 ms, for the same ~19 sign-ins per second
 * (`max` 1: 6-8 ms, but half the sign-ins).
 */
export function limitedPasswordHasher(max = HASH_CONCURRENCY) {
  const limit = concurrencyLimit(max);
  return {
    hash: (password: string) => limit(() => hashPassword(password)),
    verify: (data: { hash: string; password: string }) => limit(() => verifyPassword(data)),
  };
}
