import { createHash } from 'node:crypto';
import type { BetterAuthOptions } from 'better-auth';
import { isAPIError } from 'better-auth/api';

/** Better Auth's identifier prefix of password-reset tokens (`reset-password:<token>`). */
export const RESET_PASSWORD_PREFIX = 'reset-password:';

/**
 * How a verification identifier (`reset-password:<token>`, `delete-account-<token>`, ...) is stored:
 * the SHA-256 of the whole identifier, behind the kind's own `<kind>:` prefix when it has one, so a
 * database or Redis dump holds no usable token and one user's tokens of a kind can still be found.
 */
export function hashVerificationIdentifier(identifier: string): string {
  const digest = createHash('sha256').update(identifier).digest('base64url');
  const colon = identifier.indexOf(':');
  return colon > 0 ? `${identifier.slice(0, colon + 1)}${digest}` : digest;
}

/**
 * Better Auth's `verification` options: identifiers stored hashed ({@link hashVerificationIdentifier}),
 * and kept in the database even with Redis, so the database can list and revoke a user's tokens
 * (Redis keeps a copy for reads).
 */
export function verificationOptions(): NonNullable<BetterAuthOptions['verification']> {
  return {
    storeIdentifier: {
      hash: (identifier) => Promise.resolve(hashVerificationIdentifier(identifier)),
    },
    storeInDatabase: true,
  };
}

/** The parts of Better Auth's context {@link resetTokenRevoker} uses. */
export interface RevokerContext {
  adapter: {
    findMany<T>(query: {
      model: string;
      where: { field: string; value: string; operator?: 'eq' | 'starts_with' }[];
      select?: string[];
    }): Promise<T[]>;
    deleteMany(query: {
      model: string;
      where: { field: string; value: string[]; operator: 'in' }[];
    }): Promise<number>;
  };
  secondaryStorage?: { delete(key: string): unknown };
}

/**
 * Deletes every outstanding password-reset token of a user, in the database and in Redis (where
 * Better Auth keeps a copy under `verification:<stored identifier>`). Run after any successful
 * reset or password change, so an older mailed link cannot set the password again.
 */
export function resetTokenRevoker(context: () => Promise<RevokerContext>) {
  return async (userId: string): Promise<void> => {
    const { adapter, secondaryStorage } = await context();
    const rows = await adapter.findMany<{ id: string; identifier: string }>({
      model: 'verification',
      where: [
        { field: 'value', value: userId },
        { field: 'identifier', value: RESET_PASSWORD_PREFIX, operator: 'starts_with' },
      ],
      select: ['id', 'identifier'],
    });
    if (!rows.length) return;
    await adapter.deleteMany({
      model: 'verification',
      where: [{ field: 'id', value: rows.map((row) => row.id), operator: 'in' }],
    });
    await Promise.all(
      rows.map((row) => secondaryStorage?.delete(`verification:${row.identifier}`)),
    );
  };
}

/** The parts of a Better Auth hook context {@link revokeResetTokensAfter} reads. */
export interface PasswordChangeInput {
  path: string;
  body?: unknown;
  context?: { returned?: unknown; session?: { user: { id: string } } | null };
}

/**
 * The endpoints whose success {@link revokeResetTokensAfter} acts on, each with where it finds the
 * user whose password changed: the signed-in user for their own change, the body's `userId` for an
 * admin's.
 */
const PASSWORD_CHANGE_USER: ReadonlyMap<string, (ctx: PasswordChangeInput) => unknown> = new Map([
  ['/change-password', (ctx: PasswordChangeInput) => ctx.context?.session?.user.id],
  [
    '/admin/set-user-password',
    (ctx: PasswordChangeInput) => (ctx.body as { userId?: unknown } | undefined)?.userId,
  ],
]);

/** Whether {@link revokeResetTokensAfter} acts on a path (the after hook's matcher). */
export function isPasswordChangePath(path: string | undefined): boolean {
  return PASSWORD_CHANGE_USER.has(path ?? '');
}

/**
 * Part of the kit's after hook (auth.layers.ts): once a password change (the user's own, or an
 * admin's) succeeded, revokes the user's reset tokens. Resets themselves go through
 * `emailAndPassword.onPasswordReset`.
 */
export async function revokeResetTokensAfter(
  ctx: PasswordChangeInput,
  revoke: (userId: string) => Promise<void>,
): Promise<void> {
  const returned = ctx.context?.returned;
  if (!returned || isAPIError(returned)) return;
  const userId = PASSWORD_CHANGE_USER.get(ctx.path)?.(ctx);
  // The admin endpoint coerces its userId to a string; so does this.
  if (typeof userId === 'string' || typeof userId === 'number') await revoke(String(userId));
}
