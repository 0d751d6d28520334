import { createAccessControl } from 'better-auth/plugins/access';
import { defaultStatements } from 'better-auth/plugins/admin/access';

/** The roles a user may hold: `user` (every new account) and `admin`. */
export const ROLE_NAMES = ['user', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** Role of every new account. */
export const DEFAULT_ROLE: RoleName = 'user';

/** Better Auth's admin statements (users, sessions), the vocabulary of {@link ROLES}. */
export const accessControl = createAccessControl(defaultStatements);

/**
 * What each role may do through `/api/auth/admin/*`. `admin` lists, reads, re-roles, bans and removes
 * users and lists and revokes their sessions; it is not given impersonation, password or email
 * changes, which would let one admin act as (or take over) any account.
 */
export const ROLES = {
  user: accessControl.newRole({ user: [], session: [] }),
  admin: accessControl.newRole({
    user: ['list', 'get', 'set-role', 'ban', 'delete'],
    session: ['list', 'revoke'],
  }),
} satisfies Record<RoleName, unknown>;

/** True for a role name the kit knows. */
export function isRoleName(value: string): value is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(value);
}
