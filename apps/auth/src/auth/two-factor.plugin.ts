import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { parseSetCookieHeader, setRequestCookie } from 'better-auth/cookies';
import { twoFactor } from 'better-auth/plugins/two-factor';
import { createHMAC } from '@better-auth/utils/hmac';

/**
 * Response header that carries a password sign-in's pending two-factor state to a client without
 * cookies (the two-factor plugin keeps it in a signed cookie only).
 */
export const TWO_FACTOR_TOKEN_RESPONSE = 'set-two-factor-token';
/** Request header a client without cookies sends that state back in, to `/two-factor/verify-*`. */
export const TWO_FACTOR_TOKEN_REQUEST = 'x-two-factor-token';

/** Seconds an account stays locked after too many wrong codes in a row (the `Retry-After`). */
export const TWO_FACTOR_LOCKOUT_S = 900;
/** Wrong codes in a row, over every challenge, that lock the account's second factor. */
export const TWO_FACTOR_MAX_FAILURES = 10;

const COOKIE = 'two_factor'; // the plugin's cookie name, before Better Auth's prefix

/**
 * Better Auth's two-factor plugin as the kit runs it: TOTP (6 digits, 30 s) and ten single-use
 * backup codes stored encrypted; enabling and disabling need the password; a pending sign-in lives
 * 10 minutes and allows 5 codes; {@link TWO_FACTOR_MAX_FAILURES} wrong codes in a row lock the
 * account for {@link TWO_FACTOR_LOCKOUT_S} seconds.
 */
export function twoFactorPlugin(appName: string) {
  return twoFactor({
    issuer: appName,
    twoFactorCookieMaxAge: 600,
    backupCodeOptions: { amount: 10, storeBackupCodes: 'encrypted' },
    accountLockout: {
      enabled: true,
      maxFailedAttempts: TWO_FACTOR_MAX_FAILURES,
      durationSeconds: TWO_FACTOR_LOCKOUT_S,
    },
  });
}

/** Whether `value` is a cookie value signed with `secret` (`<value>.<signature>`), as Better Auth signs them. */
async function isSigned(value: string, secret: string): Promise<boolean> {
  const dot = value.lastIndexOf('.');
  if (dot < 1) return false;
  try {
    return await createHMAC('SHA-256', 'base64urlnopad').verify(
      secret,
      value.slice(0, dot),
      value.slice(dot + 1),
    );
  } catch {
    return false;
  }
}

/** The header's value, URL-decoded when it was sent encoded (an undecodable one stays as is). */
function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const isSignIn = (path?: string) => path === '/sign-in/email';
const isVerify = (path?: string) => !!path?.startsWith('/two-factor/verify-');

/**
 * Two-factor for bearer clients, and its limits' `Retry-After`:
 * - a password sign-in that needs a second factor answers `{ twoFactorRedirect: true }` with the
 *   pending state in the {@link TWO_FACTOR_TOKEN_RESPONSE} header (the signed value of the
 *   plugin's cookie, exposed to CORS callers);
 * - `/two-factor/verify-*` takes it back in {@link TWO_FACTOR_TOKEN_REQUEST} (a forged or altered
 *   value is ignored: it must carry the server's signature), so the code completes the sign-in and
 *   the answer carries the session in `set-auth-token` like any sign-in;
 * - a locked account's 429 says when to retry.
 */
export function twoFactorBearerPlugin() {
  return {
    id: 'kit-two-factor-bearer',
    hooks: {
      before: [
        {
          matcher: (ctx: { path?: string; headers?: Headers }) =>
            isVerify(ctx.path) && !!ctx.headers?.get(TWO_FACTOR_TOKEN_REQUEST),
          handler: createAuthMiddleware(async (ctx) => {
            const token = decoded(ctx.headers?.get(TWO_FACTOR_TOKEN_REQUEST) ?? '');
            if (!(await isSigned(token, ctx.context.secret))) return;
            const headers = new Headers(ctx.headers);
            setRequestCookie(headers, ctx.context.createAuthCookie(COOKIE).name, token);
            return { context: { headers } };
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => isSignIn(ctx.path),
          handler: createAuthMiddleware((ctx) => {
            const setCookie = ctx.context.responseHeaders?.get('set-cookie');
            if (!setCookie) return Promise.resolve();
            const pending = parseSetCookieHeader(setCookie).get(
              ctx.context.createAuthCookie(COOKIE).name,
            );
            if (!pending?.value || pending['max-age'] === 0) return Promise.resolve();
            ctx.setHeader(TWO_FACTOR_TOKEN_RESPONSE, decodeURIComponent(pending.value));
            const exposed = ctx.context.responseHeaders?.get('access-control-expose-headers');
            ctx.setHeader(
              'Access-Control-Expose-Headers',
              [exposed, TWO_FACTOR_TOKEN_RESPONSE].filter(Boolean).join(', '),
            );
            return Promise.resolve();
          }),
        },
        {
          matcher: (ctx) => isVerify(ctx.path),
          handler: createAuthMiddleware((ctx) => {
            const returned = ctx.context.returned;
            if (isAPIError(returned) && returned.statusCode === 429) {
              throw new APIError('TOO_MANY_REQUESTS', returned.body, {
                'X-Retry-After': String(TWO_FACTOR_LOCKOUT_S),
              });
            }
            return Promise.resolve();
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
