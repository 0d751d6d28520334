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

/** Hashes at once: all cores but one, so the event loop always has a core. */
export const HASH_CONCURRENCY = Math.max(1, availableParallelism() - 1);

/**
 * Better Auth's own scrypt hashing (same format: existing hashes keep verifying) with at most
 * `max` hashes running at once. Unbounded, a sign-in storm keeps libuv's 4 threads busy with
 * scrypt and on a 2-core machine takes both cores from the event loop: every other request waits
 * (`npm run bench`: `/health/live` p99 during the storm went from ~110 ms to ~37 ms on a busy
 * 2-core machine, for ~15% fewer sign-ins per second).
 */
export function limitedPasswordHasher(max = HASH_CONCURRENCY) {
  const limit = concurrencyLimit(max);
  return {
    hash: (password: string) => limit(() => hashPassword(password)),
    verify: (data: { hash: string; password: string }) => limit(() => verifyPassword(data)),
  };
}
