import type { BetterAuthPlugin } from 'better-auth';

/**
 * Authentication method references (RFC 8176) the kit records on a session: `pwd` a password,
 * `otp` a one-time code (TOTP or a backup code), `hwk` a device-bound passkey, `swk` a synced
 * passkey (its private key leaves the device, so it proves a software-held key), `fed` a sign-in
 * through another identity provider (social or OpenID Connect).
 */
export type Amr = 'pwd' | 'otp' | 'hwk' | 'swk' | 'fed';

/** A passkey as the passkey plugin stores it (the fields that tell device-bound from synced). */
export interface StoredPasskey {
  deviceType?: string | null;
  backedUp?: boolean | null;
}

/**
 * `hwk` for a device-bound passkey, `swk` for a synced one. WebAuthn's backup eligibility flag
 * (stored as `deviceType: 'multiDevice'`) says the key may be copied off the authenticator (iCloud
 * Keychain, Google Password Manager, a password manager): that is a software-held key.
 */
export function passkeyAmr(passkey: StoredPasskey | null | undefined): Amr {
  return passkey?.deviceType === 'multiDevice' || passkey?.backedUp === true ? 'swk' : 'hwk';
}

/** The methods a session proves, keyed by the Better Auth endpoint (route path) that created it. */
export const SIGN_IN_METHODS: Readonly<Record<string, readonly Amr[]>> = {
  '/sign-in/email': ['pwd'],
  '/sign-up/email': ['pwd'],
  // Only a password sign-in can be waiting for a second factor (the two-factor plugin's rule).
  '/two-factor/verify-totp': ['pwd', 'otp'],
  '/two-factor/verify-backup-code': ['pwd', 'otp'],
  '/two-factor/verify-otp': ['pwd', 'otp'],
  '/callback/:id': ['fed'],
  '/sign-in/social': ['fed'],
  '/oauth2/callback/:providerId': ['fed'],
};

/** The endpoint that signs in with a passkey: `hwk` or `swk` depends on the credential used. */
export const PASSKEY_SIGN_IN = '/passkey/verify-authentication';

/** What the session hook reads of Better Auth's endpoint context. */
interface EndpointContext {
  path?: string;
  body?: { response?: { id?: unknown } };
  context: {
    adapter: {
      findOne<T>(query: {
        model: string;
        where: { field: string; value: string }[];
      }): Promise<T | null>;
    };
  };
}

/** Stored form of the `amr` session field: the methods separated by spaces (`"pwd otp"`). */
export function parseAmr(stored: unknown): Amr[] {
  return typeof stored === 'string' && stored ? (stored.split(' ') as Amr[]) : [];
}

/**
 * The methods a session created by `ctx` proves, or `undefined` for an endpoint that is no sign-in
 * (a session replaced after a password change or a two-factor change keeps the methods it had).
 */
export async function methodsFor(ctx: EndpointContext | null | undefined) {
  const path = ctx?.path;
  if (!path) return undefined;
  if (path === PASSKEY_SIGN_IN) {
    const id = ctx.body?.response?.id;
    const passkey =
      typeof id === 'string'
        ? await ctx.context.adapter.findOne<StoredPasskey>({
            model: 'passkey',
            where: [{ field: 'credentialID', value: id }],
          })
        : null;
    return [passkeyAmr(passkey)];
  }
  return Object.hasOwn(SIGN_IN_METHODS, path) ? SIGN_IN_METHODS[path] : undefined;
}

/**
 * Records on every new session how the user signed in (the `amr` field, from
 * {@link SIGN_IN_METHODS}); the JWT's `amr`, `auth_time` and `sid` are read from the session.
 */
export function signInMethodsPlugin() {
  return {
    id: 'kit-sign-in-methods',
    schema: {
      session: {
        fields: { amr: { type: 'string', required: false, input: false } },
      },
    },
    init: () => ({
      options: {
        databaseHooks: {
          session: {
            create: {
              before: async (session: Record<string, unknown>, ctx: unknown) => {
                // A replaced session (enrolling a factor, changing the password) keeps the methods
                // of the sign-in it replaces: it carries them over, whichever endpoint replaced it.
                if (typeof session.amr === 'string' && session.amr) return;
                const methods = await methodsFor(ctx as EndpointContext | null);
                if (!methods) return;
                return { data: { ...session, amr: methods.join(' ') } };
              },
            },
          },
        },
      },
    }),
  } satisfies BetterAuthPlugin;
}
