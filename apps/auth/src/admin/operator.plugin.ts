import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthEndpoint } from 'better-auth/api';
import * as z from 'zod';
import { isRoleName, ROLE_NAMES } from './admin.roles.js';

/** What an operator command reports about the user it changed. */
export interface OperatorUser {
  id: string;
  email: string;
  role: string;
  banned: boolean;
  banReason: string | null;
  banExpires: Date | null;
}

interface StoredUser {
  id: string;
  email: string;
  role?: string | null;
  banned?: boolean | null;
  banReason?: string | null;
  banExpires?: Date | string | null;
}

function summary(user: StoredUser): OperatorUser {
  return {
    id: user.id,
    email: user.email,
    role: user.role ?? 'user',
    banned: user.banned === true,
    banReason: user.banReason ?? null,
    banExpires: user.banExpires ? new Date(user.banExpires) : null,
  };
}

const byEmail = z.object({ email: z.string().min(1).max(320) });

type Ctx = Parameters<Parameters<typeof createAuthEndpoint.serverOnly>[1]>[0];

async function findUser(ctx: Ctx, email: string): Promise<StoredUser> {
  const found = await ctx.context.internalAdapter.findUserByEmail(email);
  if (!found) {
    throw new APIError('NOT_FOUND', { code: 'USER_NOT_FOUND', message: `no user ${email}` });
  }
  return found.user;
}

async function update(ctx: Ctx, id: string, data: Record<string, unknown>): Promise<OperatorUser> {
  const user = (await ctx.context.internalAdapter.updateUser(id, data)) as StoredUser | null;
  if (!user) throw new APIError('NOT_FOUND', { code: 'USER_NOT_FOUND', message: 'user vanished' });
  return summary(user);
}

/**
 * Server-only endpoints behind `npm run admin` (never on the HTTP router): the operator is trusted
 * by having the server's configuration, so no admin session is needed, which is what bootstraps
 * the first admin. Each does what the admin plugin's route of the same name does, through Better
 * Auth's internal adapter: a user update is copied into every cached session (Redis), a ban or a
 * revocation deletes the user's sessions from the database and from the cache.
 */
export function operatorPlugin() {
  return {
    id: 'kit-operator',
    endpoints: {
      operatorSetRole: createAuthEndpoint.serverOnly(
        { method: 'POST', body: byEmail.extend({ role: z.string() }) },
        async (ctx) => {
          if (!isRoleName(ctx.body.role)) {
            throw new APIError('BAD_REQUEST', {
              code: 'UNKNOWN_ROLE',
              message: `role must be one of ${ROLE_NAMES.join(', ')}`,
            });
          }
          const user = await findUser(ctx, ctx.body.email);
          return ctx.json(await update(ctx, user.id, { role: ctx.body.role }));
        },
      ),
      operatorBan: createAuthEndpoint.serverOnly(
        {
          method: 'POST',
          body: byEmail.extend({
            reason: z.string().min(1).max(500).optional(),
            expiresInS: z.number().int().positive().optional(),
          }),
        },
        async (ctx) => {
          const user = await findUser(ctx, ctx.body.email);
          const { reason, expiresInS } = ctx.body;
          const banned = await update(ctx, user.id, {
            banned: true,
            banReason: reason ?? 'No reason given',
            banExpires: expiresInS ? new Date(Date.now() + expiresInS * 1000) : null,
            updatedAt: new Date(),
          });
          await ctx.context.internalAdapter.deleteUserSessions(user.id);
          return ctx.json(banned);
        },
      ),
      operatorUnban: createAuthEndpoint.serverOnly(
        { method: 'POST', body: byEmail },
        async (ctx) => {
          const user = await findUser(ctx, ctx.body.email);
          return ctx.json(
            await update(ctx, user.id, {
              banned: false,
              banReason: null,
              banExpires: null,
              updatedAt: new Date(),
            }),
          );
        },
      ),
      operatorRevokeSessions: createAuthEndpoint.serverOnly(
        { method: 'POST', body: byEmail },
        async (ctx) => {
          const user = await findUser(ctx, ctx.body.email);
          await ctx.context.internalAdapter.deleteUserSessions(user.id);
          return ctx.json(summary(user));
        },
      ),
    },
  } satisfies BetterAuthPlugin;
}
