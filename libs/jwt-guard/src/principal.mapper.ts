import type { JWTPayload } from 'jose';
import { toAuthentication } from './authentication.policy.js';
import type { Principal, PrincipalOrganization } from './principal.js';

function words(value: unknown, separator: RegExp): string[] {
  if (typeof value === 'string') return value.split(separator).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && !!v);
  return [];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function clerkOrganisation(payload: JWTPayload): { roles: string[]; scopes: string[] } {
  // Clerk session token v1: org_role / org_permissions. v2 nests the role as o.rol (without the
  // "org:" prefix); its permissions are bit-packed across o.fea/o.fpm/o.per and are NOT decoded here
  // (reading o.per's bare names as scopes would grant "read" for any feature's read).
  // Only Clerk's prefixed roles: a bare `org_role` (the local auth server's) is an organization
  // role, and must not pass for the user-level role of the same name.
  const roles = words(payload.org_role, /\s+/).filter((role) => role.startsWith('org:'));
  const scopes = words(payload.org_permissions, /[\s,]+/);
  const o = payload.o as { rol?: unknown } | undefined;
  if (o && typeof o === 'object' && typeof o.rol === 'string' && o.rol) {
    roles.push(o.rol.startsWith('org:') ? o.rol : `org:${o.rol}`);
  }
  return { roles, scopes };
}

/** `org_id` + `org_role` (the local auth server's claims, Clerk v1's too), else undefined. */
function organization(payload: JWTPayload): PrincipalOrganization | undefined {
  const { org_id: id, org_role: role } = payload;
  if (typeof id !== 'string' || !id || typeof role !== 'string' || !role) return undefined;
  return { id, role };
}

/**
 * Maps a verified payload of any supported provider onto one {@link Principal}.
 * Unknown claim shapes are ignored (a string where an array is expected still counts).
 */
export function toPrincipal(payload: JWTPayload, provider: string): Principal {
  const clerk = clerkOrganisation(payload);
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
      ...clerk.roles,
    ]),
    scopes: unique([
      ...words(payload.scope, /\s+/),
      ...words(payload.scp, /\s+/),
      ...words(payload.permissions, /\s+/),
      ...clerk.scopes,
    ]),
    authentication: toAuthentication(payload),
    ...(org ? { organization: org } : {}),
    claims: payload,
  };
}
