import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import { resolveSigningKey, type JwtOptions } from 'better-auth/plugins/jwt';
import { base64url, decodeJwt, decodeProtectedHeader, SignJWT, type JWTPayload } from 'jose';
import { sessionClaims, type ClaimSession } from '../auth/session.claims.js';

/** The token endpoint's answer, as far as this file reads it. */
interface TokenAnswer {
  access_token?: unknown;
  id_token?: unknown;
  [name: string]: unknown;
}

type SigningContext = Parameters<typeof resolveSigningKey>[0];

/** OpenID Connect's `at_hash` for an EdDSA-signed ID token: left half of SHA-512, base64url. */
async function atHash(accessToken: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-512', new TextEncoder().encode(accessToken)),
  );
  return base64url.encode(digest.slice(0, digest.length / 2));
}

type SigningKey = NonNullable<Awaited<ReturnType<typeof resolveSigningKey>>>;

/** How many signing keys {@link signingKeysByKid} keeps (one per key id: a few rotations' worth). */
const KEPT_SIGNING_KEYS = 4;

/**
 * The imported private key of each key id, for signing again a token this server has just signed
 * with it. A key id names one key pair for good (rotation mints a new id), and the token's first
 * signature was just made with it, live: so the key is decrypted and imported once per id instead
 * of once per token. A failed resolution is not kept.
 */
function signingKeysByKid() {
  const keys = new Map<string, Promise<SigningKey | null>>();
  return (ctx: SigningContext, options: JwtOptions | undefined, kid: string) => {
    let key = keys.get(kid);
    if (!key) {
      key = resolveSigningKey(ctx, options, { signingKeyId: kid });
      keys.set(kid, key);
      key.catch(() => keys.delete(kid));
      if (keys.size > KEPT_SIGNING_KEYS) keys.delete(keys.keys().next().value!);
    }
    return key;
  };
}

/** Signs `payload` again under `token`'s own header, with the key its `kid` names. */
async function resign(
  keyFor: ReturnType<typeof signingKeysByKid>,
  ctx: SigningContext,
  options: JwtOptions | undefined,
  token: string,
  payload: JWTPayload,
): Promise<string> {
  const header = decodeProtectedHeader(token);
  const key = header.kid
    ? await keyFor(ctx, options, header.kid)
    : await resolveSigningKey(ctx, options);
  if (!key) return token;
  // Better Auth's declaration names jose's key type from its own copy of jose: the same object.
  const privateKey = key.privateKey as Parameters<SignJWT['sign']>[0];
  return new SignJWT(payload).setProtectedHeader({ ...header, alg: key.alg }).sign(privateKey);
}

/**
 * OAuth access tokens say how the user signed in, like the kit's session JWTs: `amr` and
 * `auth_time` of the session behind the grant (its `sid`). The OAuth provider reserves those two
 * names (no claim option may set them), so the token endpoint's JWT access token is signed again
 * with the same key and header plus these claims, and the ID token's `at_hash` follows the new
 * access token. Opaque access tokens (no `resource`) and grants without a live session are left
 * as they are.
 */
export function oauthSessionClaimsPlugin() {
  const keyFor = signingKeysByKid();
  return {
    id: 'kit-oauth-session-claims',
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === '/oauth2/token',
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (!returned || typeof returned !== 'object' || returned instanceof Response) return;
            const answer = returned as TokenAnswer;
            const accessToken = answer.access_token;
            if (typeof accessToken !== 'string' || accessToken.split('.').length !== 3) return;
            if (decodeProtectedHeader(accessToken).typ !== 'at+jwt') return;
            const claims = decodeJwt(accessToken);
            if (typeof claims.sid !== 'string') return;
            const session = await ctx.context.adapter.findOne<ClaimSession>({
              model: 'session',
              where: [{ field: 'id', value: claims.sid }],
            });
            if (!session) return;
            const { sid: _sid, ...how } = sessionClaims(session);
            const options = (ctx.context.getPlugin('jwt') as { options?: JwtOptions } | null)
              ?.options;
            const signed = await resign(keyFor, ctx, options, accessToken, { ...claims, ...how });
            const next: TokenAnswer = { ...answer, access_token: signed };
            if (typeof answer.id_token === 'string') {
              const idClaims = decodeJwt(answer.id_token);
              if (idClaims.at_hash) {
                next.id_token = await resign(keyFor, ctx, options, answer.id_token, {
                  ...idClaims,
                  at_hash: await atHash(signed),
                });
              }
            }
            return ctx.json(next);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
