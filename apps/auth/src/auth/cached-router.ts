import { runWithAdapter } from '@better-auth/core/context';
import { router } from 'better-auth/api';

/** The part of a Better Auth instance {@link cachedRouterHandler} uses. */
export interface RoutableAuth {
  handler: (request: Request) => Promise<Response>;
  options: object;
  $context: Promise<object>;
}

type Context = Parameters<typeof router>[0];
type Handler = (request: Request) => Promise<Response>;

/**
 * True when Better Auth would build the same per-request context for every request: a fixed
 * `baseURL`, and trusted origins and providers given as lists (none of them computed from the
 * request, by the options or a plugin's init).
 */
export function requestIndependent(ctx: Context): boolean {
  const { options } = ctx;
  return (
    typeof options.baseURL === 'string' &&
    options.baseURL !== '' &&
    typeof options.trustedOrigins !== 'function' &&
    typeof options.account?.accountLinking?.trustedProviders !== 'function'
  );
}

/** The strings of both lists, once each (either may be missing). */
function union(own: readonly string[], more: unknown): string[] {
  const extra = Array.isArray(more) ? (more as unknown[]) : [];
  return [...new Set([...own, ...extra])].filter((v): v is string => typeof v === 'string' && !!v);
}

/**
 * Better Auth's `auth.handler`, without rebuilding its endpoint table and router on every request.
 *
 * Better Auth 1.7's handler copies its context for each request (to set the trusted origins and
 * providers the request resolves to), then builds every endpoint wrapper and a new router around
 * that copy: about a millisecond of CPU per request with this kit's plugins, before any endpoint
 * runs. When that copy cannot depend on the request ({@link requestIndependent}: the kit's
 * configuration always is), this handler builds the copy and its router once and runs every request
 * through them, in the same adapter scope (`runWithAdapter`) as Better Auth. Per-request state is
 * unchanged: the router gives each request its own copy of that context, and each endpoint call
 * its own again (Better Auth's dispatch), so nothing a request sets is seen by another. One
 * difference remains: plugins' `onRequest`/`onResponse` (and the rate limiter) receive that shared
 * context itself, not a per-request copy; they must only read it (every one in use does). When the
 * copy may depend on the request, this is Better Auth's own handler. `build` is Better Auth's
 * `router` (tests count its calls).
 */
export function cachedRouterHandler(auth: RoutableAuth, build: typeof router = router): Handler {
  let routed: Promise<Handler | null> | undefined;
  const routedHandler = async (): Promise<Handler | null> => {
    const ctx = (await auth.$context) as Context;
    if (!requestIndependent(ctx)) return null;
    // what Better Auth's handler makes per request: a copy with the trusted origins and providers
    // of the options as plugins left them (the context's own lists predate the plugins' init)
    const shared = Object.create(
      Object.getPrototypeOf(ctx) as object | null,
      Object.getOwnPropertyDescriptors(ctx),
    ) as Context;
    const { trustedOrigins, account } = ctx.options;
    const providers = account?.accountLinking?.trustedProviders;
    shared.trustedOrigins = union(ctx.trustedOrigins, trustedOrigins);
    shared.trustedProviders = union(ctx.trustedProviders, providers);
    const { handler } = build(shared, auth.options as Context['options']);
    return async (request) => await runWithAdapter(shared.adapter, () => handler(request));
  };
  return async (request) => {
    const pending = (routed ??= routedHandler());
    // a failed start (database down at init) is Better Auth's to report, and retried next time
    const handler = await pending.catch(() => {
      routed = undefined;
      return null;
    });
    return handler ? handler(request) : auth.handler(request);
  };
}
