import { admin } from 'better-auth/plugins/admin';
import { accessControl, DEFAULT_ROLE, ROLES } from './admin.roles.js';

/**
 * Better Auth's admin plugin under `/api/auth/admin/*` with the kit's two roles ({@link ROLES}):
 * list users, set a role, ban (reason, expiry) and unban, remove a user, list and revoke a user's
 * sessions; `admin` role only. Its user updates go through Better Auth's internal adapter, which
 * rewrites the user inside every cached session (Redis) and deletes a banned or removed user's
 * sessions, so the next token a session mints reflects the change.
 */
export function adminPlugin() {
  const plugin = admin({
    ac: accessControl,
    roles: ROLES,
    defaultRole: DEFAULT_ROLE,
    adminRoles: ['admin'],
    defaultBanReason: 'No reason given',
  });
  const { role, ...fields } = plugin.schema.user.fields;
  // Its `role` field (no default) would turn a sign-up that sends `role` into a 400; with the
  // default, Better Auth stores `user` whatever the client sent, as before the plugin.
  return {
    ...plugin,
    schema: {
      ...plugin.schema,
      user: {
        ...plugin.schema.user,
        fields: { ...fields, role: { ...role, defaultValue: DEFAULT_ROLE } },
      },
    },
  };
}
