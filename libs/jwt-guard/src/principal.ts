import type { JWTPayload } from 'jose';
import type { PrincipalAuthentication } from './authentication.policy.js';

/**
 * The verified caller, the same shape whatever the issuer (local auth server, Clerk, Auth0, Firebase,
 * any OIDC provider). Handlers get it with `@CurrentUser()`.
 */
export interface Principal {
  /** `sub`: the user id at the issuer. Notes and other data are owned by it. */
  sub: string;
  issuer: string;
  audience: string[];
  /** Name of the key provider that vouched for the token (`local`, `clerk`, ...). */
  provider: string;
  email?: string;
  /**
   * `email_verified` (or Better Auth's `emailVerified`) exactly as the issuer put it: a boolean,
   * or undefined when the token does not say (a string is not read). `@RequireVerifiedEmail()`
   * needs `true`.
   */
  emailVerified?: boolean;
  name?: string;
  /**
   * From `role`, `roles`, Clerk `org_role` (`org:`-prefixed roles only) / `o.rol`, Firebase custom
   * claims. An unprefixed organization role (the local `org_role: "admin"`) is never a role here:
   * it lives in {@link organization}, so an organization admin is no `@Roles('admin')` admin.
   */
  roles: string[];
  /**
   * The token's active organization, from `org_id` and `org_role` (both needed); absent without
   * them. `role` is as the issuer wrote it (`owner`, `admin`, `member`; several comma-separated).
   * `@OrgRoles()` checks it.
   */
  organization?: PrincipalOrganization;
  /** From `scope` (space list), `scp` (string or array), Auth0 `permissions`, Clerk `org_permissions`. */
  scopes: string[];
  /** How and when the user signed in (`auth_time`, `amr`, `acr`), for `@RequireAuthentication`. */
  authentication: PrincipalAuthentication;
  /** The whole verified payload. */
  claims: JWTPayload;
}

/** The organization a {@link Principal} acts in: its id and the caller's role there. */
export interface PrincipalOrganization {
  id: string;
  role: string;
}
