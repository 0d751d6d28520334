import { isRoleName, ROLE_NAMES, type RoleName } from './admin.roles.js';

/** One operator command of `npm run admin`, parsed. */
export type AdminCommand =
  | { name: 'set-role'; email: string; role: RoleName }
  | { name: 'ban'; email: string; reason?: string; expiresInS?: number }
  | { name: 'unban'; email: string }
  | { name: 'revoke-sessions'; email: string };

/** A command line that is not one of the commands; its message says what is wrong. */
export class AdminUsageError extends Error {}

export const ADMIN_USAGE = `usage: npm run admin -- <command>
  set-role <email> <${ROLE_NAMES.join('|')}>   change a user's role (bootstraps the first admin)
  ban <email> [--reason <text>] [--expires-in <n>[s|m|h|d]]
                                  ban a user and end their sessions (no expiry: until unbanned)
  unban <email>                   lift a ban
  revoke-sessions <email>         end every session of a user`;

const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90`, `90s`, `15m`, `12h`, `7d` → seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * UNIT_S[match[2] || 's'] : 0;
  if (!seconds) {
    throw new AdminUsageError(`--expires-in must be a positive duration like 3600, 30m, 12h or 7d`);
  }
  return seconds;
}

function email(value: string | undefined): string {
  if (!value || value.startsWith('--') || !value.includes('@')) {
    throw new AdminUsageError('the command needs the email address of the user');
  }
  return value.trim().toLowerCase();
}

function banFlags(args: string[]): { reason?: string; expiresInS?: number } {
  const flags: { reason?: string; expiresInS?: number } = {};
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined) throw new AdminUsageError(`${flag} needs a value`);
    if (flag === '--reason') flags.reason = value;
    else if (flag === '--expires-in') flags.expiresInS = parseDuration(value);
    else throw new AdminUsageError(`unknown option ${flag} (ban takes --reason and --expires-in)`);
  }
  return flags;
}

function noMore(args: string[]): void {
  if (args.length) throw new AdminUsageError(`unexpected argument ${args[0]}`);
}

/** Parses `process.argv.slice(2)`; throws {@link AdminUsageError} on anything else. */
export function parseAdminArgs(argv: string[]): AdminCommand {
  const [name, target, ...rest] = argv;
  switch (name) {
    case 'set-role': {
      const [role, ...extra] = rest;
      noMore(extra);
      if (!role || !isRoleName(role)) {
        throw new AdminUsageError(`set-role needs a role: one of ${ROLE_NAMES.join(', ')}`);
      }
      return { name, email: email(target), role };
    }
    case 'ban':
      return { name, email: email(target), ...banFlags(rest) };
    case 'unban':
    case 'revoke-sessions':
      noMore(rest);
      return { name, email: email(target) };
    default:
      throw new AdminUsageError(name ? `unknown command ${name}` : 'no command given');
  }
}
