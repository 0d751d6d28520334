import { APIError, createAuthMiddleware } from 'better-auth/api';

/** Longest accepted values. Better Auth itself caps passwords (`maxPasswordLength`). */
export const INPUT_LIMITS = { email: 254, name: 100, password: 128, callbackURL: 2048 } as const;

const CHECKED_PATHS = new Set([
  '/sign-up/email',
  '/sign-in/email',
  '/update-user',
  '/request-password-reset',
  '/reset-password',
  '/change-password',
  '/send-verification-email',
]);

/**
 * A `hooks.before` middleware that refuses over-long strings with a 400 naming the field, before
 * Better Auth hashes, stores or looks anything up.
 */
export const inputLimits = createAuthMiddleware((ctx) => {
  if (!CHECKED_PATHS.has(ctx.path)) return Promise.resolve();
  const body: unknown = ctx.body;
  if (!body || typeof body !== 'object') return Promise.resolve();
  for (const [field, max] of Object.entries(INPUT_LIMITS)) {
    const value = (body as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.length > max) {
      throw new APIError('BAD_REQUEST', {
        code: 'VALUE_TOO_LONG',
        message: `${field} must be at most ${max} characters`,
      });
    }
  }
  const name = (body as Record<string, unknown>).name;
  if (ctx.path === '/sign-up/email' && typeof name === 'string' && !name.trim()) {
    throw new APIError('BAD_REQUEST', { code: 'NAME_REQUIRED', message: 'name must not be empty' });
  }
  return Promise.resolve();
});
