import type { BetterAuthPlugin } from 'better-auth';
import {
  createAuthEndpoint,
  createAuthMiddleware,
  sensitiveSessionMiddleware,
} from 'better-auth/api';
import { deleteSessionCookie } from 'better-auth/cookies';
import * as z from 'zod';

/** A session as `/list-sessions` answers it. */
type ListedSession = Record<string, unknown> & { token?: unknown };

/** The part of Better Auth's endpoint context the account hook reads. */
interface ChangePasswordContext {
  path?: string;
  body?: { revokeOtherSessions?: unknown };
  context: {
    session?: { session: { token: string; userId: string } } | null;
    internalAdapter: {
      listSessions(userId: string): Promise<{ token: string }[]>;
      deleteSessions(tokens: string[]): Promise<unknown>;
    };
  };
}

/** The sessions an earlier stage returned (a plain array, or a `Response` another hook made). */
async function listedSessions(returned: unknown): Promise<ListedSession[] | null> {
  if (returned instanceof Response) {
    return returned.status === 200 ? ((await returned.clone().json()) as ListedSession[]) : null;
  }
  return Array.isArray(returned) ? (returned as ListedSession[]) : null;
}

/**
 * Ends every session of the user except the caller's, inside the password change's transaction
 * (so a failure leaves password and sessions as they were). `revokeOtherSessions: true` is left to
 * Better Auth, which replaces the caller's session as well.
 */
async function endOtherSessions(ctx: ChangePasswordContext): Promise<void> {
  const current = ctx.context.session?.session;
  if (!current) return;
  const others = (await ctx.context.internalAdapter.listSessions(current.userId))
    .map((session) => session.token)
    .filter((token) => token !== current.token);
  if (others.length) await ctx.context.internalAdapter.deleteSessions(others);
}

/**
 * The kit's session rules on top of Better Auth's defaults:
 * - a password change ends the user's other sessions whatever `revokeOtherSessions` says (a thief
 *   holding one must not outlive the change); the caller's own session stays;
 * - `/list-sessions` never returns session tokens (one stolen session would otherwise collect all
 *   the others). Sessions are listed with their `id`; `POST /revoke-session-by-id {id}` ends one of
 *   the caller's own sessions by that id (`/revoke-session` wants the token).
 */
export function sessionPolicyPlugin() {
  return {
    id: 'kit-session-policy',
    endpoints: {
      revokeSessionById: createAuthEndpoint(
        '/revoke-session-by-id',
        {
          method: 'POST',
          body: z.object({ id: z.string().min(1).max(255) }),
          use: [sensitiveSessionMiddleware],
          requireHeaders: true,
          metadata: {
            openapi: {
              description: 'Revoke one of your sessions by the id that /list-sessions shows',
            },
          },
        },
        async (ctx) => {
          const current = ctx.context.session.session;
          const target = (await ctx.context.internalAdapter.listSessions(current.userId)).find(
            (session) => session.id === ctx.body.id,
          );
          // Like /revoke-session: the same answer whether or not the id was one of the caller's.
          if (target) await ctx.context.internalAdapter.deleteSession(target.token);
          if (target?.token === current.token) deleteSessionCookie(ctx);
          return ctx.json({ status: true });
        },
      ),
    },
    init: () => ({
      options: {
        databaseHooks: {
          account: {
            update: {
              before: async (data: Record<string, unknown>, ctx: unknown) => {
                const endpoint = ctx as ChangePasswordContext | null;
                if (
                  endpoint?.path === '/change-password' &&
                  'password' in data &&
                  endpoint.body?.revokeOtherSessions !== true
                ) {
                  await endOtherSessions(endpoint);
                }
              },
            },
          },
        },
      },
    }),
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === '/list-sessions',
          handler: createAuthMiddleware(async (ctx) => {
            const sessions = await listedSessions(ctx.context.returned);
            if (!sessions) return;
            return ctx.json(sessions.map(({ token: _token, ...session }) => session));
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
