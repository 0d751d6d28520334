import type { Auth } from '../auth/auth.factory.js';
import type { AdminCommand } from './admin.args.js';
import type { OperatorUser } from './operator.plugin.js';

function banText(user: OperatorUser): string {
  const until = user.banExpires ? `until ${user.banExpires.toISOString()}` : 'until unbanned';
  return `${user.email} is banned ${until} (reason: ${user.banReason ?? 'none'}); their sessions are ended`;
}

/**
 * Runs one operator command through the server-only endpoints of the operator plugin (`auth.api`,
 * never SQL) and returns the line to print. Better Auth errors (an unknown user, say) are thrown.
 */
export async function runAdminCommand(auth: Auth, command: AdminCommand): Promise<string> {
  const { email } = command;
  switch (command.name) {
    case 'set-role': {
      const user = await auth.api.operatorSetRole({ body: { email, role: command.role } });
      return `${user.email} now has the role ${user.role}; their next token carries it`;
    }
    case 'ban': {
      const { reason, expiresInS } = command;
      return banText(await auth.api.operatorBan({ body: { email, reason, expiresInS } }));
    }
    case 'unban': {
      const user = await auth.api.operatorUnban({ body: { email } });
      return `${user.email} is no longer banned`;
    }
    case 'revoke-sessions': {
      const user = await auth.api.operatorRevokeSessions({ body: { email } });
      return `every session of ${user.email} is ended`;
    }
  }
}
