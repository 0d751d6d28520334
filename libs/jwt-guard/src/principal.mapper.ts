import type { JWTPayload } from 'jose';
import { toAuthentication } from './authentication.policy.js';
import type { Principal, PrincipalOrganization } from './principal.js';

/**
 * A claim read as a list of words: a separated string, or an array's non-empty strings.
 * @example
 * words('a b  c', /\s+/) // ['a', 'b', 'c']; words(['a', 1, ''], /,/) // ['a']
 */
export function words(value: unknown, separator: RegExp): string[] {
  if (typeof value === 'string') return value.split(separator).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && !!v);
  return [];
}

function unique(values: string[]): string[] {
  return values.length < 2 ? values : [...new Set(values)];
}

/** Roles and scopes a provider's own claims add to the standard ones. */
export interface ProviderClaims {
  roles?: string[];
  scopes?: string[];
}

/** `org_id` + `org_role` (the local auth server's claims, Clerk v1's too), else undefined. */
function organization(payload: JWTPayload): PrincipalOrganization | undefined {
  const { org_id: id, org_role: role } = payload;
  if (typeof id !== 'string' || !id || typeof role !== 'string' || !role) return undefined;
  return { id, role };
}

/**
 * Maps a verified payload onto a {@link Principal} from the standard claims (`sub`, `iss`, `aud`,
 * `email`, `email_verified`, `name`, `role`/`roles`, `scope`/`scp`), plus what the provider's own
 * mapping adds (`own`). Unknown claim shapes are ignored (a string where an array is expected
 * still counts).
 * @example
 * toPrincipal(payload, 'auth0', { scopes: words(payload.permissions, /\s+/) })
 */
export function toPrincipal(
  payload: JWTPayload,
  provider: string,
  own: ProviderClaims = {},
): Principal {
  const aud =
    payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const emailVerified = payload.email_verified ?? payload.emailVerified;
  const org = organization(payload);
  return {
    sub: payload.sub as string,
    issuer: payload.iss as string,
    audience: aud,
    provider,
    email: typeof payload.email === 'string' ? payload.email : undefined,
    emailVerified: typeof emailVerified === 'boolean' ? emailVerified : undefined,
    name: typeof payload.name === 'string' ? payload.name : undefined,
    roles: unique([
      ...words(payload.role, /\s+/),
      ...words(payload.roles, /[\s,]+/),
      ...(own.roles ?? []),
    ]),
    scopes: unique([
      ...words(payload.scope, /\s+/),
      ...words(payload.scp, /\s+/),
      ...(own.scopes ?? []),
    ]),
    authentication: toAuthentication(payload),
    ...(org ? { organization: org } : {}),
    claims: payload,
  };
}
