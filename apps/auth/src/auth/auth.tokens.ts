/** DI token of the auth server's Better Auth instance ({@link Auth}). */
export const BETTER_AUTH = Symbol('BETTER_AUTH');

/** DI token of the optional `RedisConnection` (`null` without `REDIS_URL`). */
export const AUTH_REDIS = Symbol('AUTH_REDIS');
