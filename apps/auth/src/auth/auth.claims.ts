import { NOTES_SCOPES } from '#notes';
/** Scopes every signed-in user holds on the kit's resource servers. */
export const USER_SCOPES = NOTES_SCOPES;

/** The claims the auth server adds to a JWT, besides `sub`, `iss`, `aud`, `iat` and `exp`. */
export interface TokenClaims {
  email: string;
  /** Always next to `email`: resource servers show it with the address and gate routes on it. */
  email_verified: boolean;
  name: string;
  role: string;
  scope: string;
  /** The session's active organization (organization.claims.ts); absent without one. */
  org_id?: string;
  /** The user's role in `org_id`: `owner`, `admin` or `member`. */
  org_role?: string;
}

interface SessionUser {
  email: string;
  emailVerified: boolean;
  name: string;
  role?: string | null;
}

/**
 * Better Auth's `definePayload`: an explicit, small claim set instead of the whole user record.
 * `role` is the user's role (`user` or `admin`); `scope` is what resource servers check per route.
 */
export function tokenClaims({ user }: { user: SessionUser }): TokenClaims {
  return {
    email: user.email,
    email_verified: user.emailVerified,
    name: user.name,
    role: user.role ?? 'user',
    scope: USER_SCOPES.join(' '),
  };
}
