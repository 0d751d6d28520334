import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the tests use when one answers (set TEST_REDIS_URL to point elsewhere). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when a Redis answers PING at `url`; Redis-backed tests skip otherwise. */
export async function redisReachable(url = TEST_REDIS_URL): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** One way of running the auth server in a `describe.each`: sessions in the database only, or with Redis. */
export interface StorageVariant {
  name: 'without Redis' | 'with Redis';
  /** Extra environment of the auth server (a fresh key prefix with Redis). */
  env: Record<string, string>;
  /** False when the variant needs a Redis and none answers (its tests skip). */
  run: boolean;
}

/** The two storage variants, the Redis one under a key prefix of its own (`<label>-<uuid>:`). */
export async function storageVariants(label: string): Promise<StorageVariant[]> {
  return [
    { name: 'without Redis', env: {}, run: true },
    {
      name: 'with Redis',
      env: { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `${label}-${randomUUID()}:` },
      run: await redisReachable(TEST_REDIS_URL),
    },
  ];
}

/** Deletes every key a variant wrote (nothing to do without Redis). */
export async function dropVariantKeys({ env, run }: StorageVariant): Promise<void> {
  if (!run || !env.REDIS_URL) return;
  const redis = new Redis(env.REDIS_URL);
  const keys = await redis.keys(`${env.REDIS_KEY_PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}
