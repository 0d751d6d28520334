import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';

/** The context Better Auth hands a hook. */
type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/**
 * A plugin with one before-hook on `/oauth2/authorize` that may change the request's parameters
 * (the query, or the body of a POST) in place: the endpoint reads this same object after the hooks.
 * `change` runs only when the parameters are an object.
 */
export function beforeAuthorize(
  id: string,
  change: (params: Record<string, unknown>, ctx: HookContext) => Promise<void>,
) {
  return {
    id,
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === '/oauth2/authorize',
          handler: createAuthMiddleware(async (ctx) => {
            const params: unknown = ctx.method === 'POST' ? ctx.body : ctx.query;
            if (typeof params !== 'object' || params === null) return;
            await change(params as Record<string, unknown>, ctx);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
