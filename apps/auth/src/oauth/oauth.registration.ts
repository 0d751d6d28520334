import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';

interface RegistrationBody {
  redirect_uris?: unknown;
  application_type?: unknown;
  grant_types?: unknown;
  scope?: unknown;
}

/** `http://127.0.0.1:<port>/…`, `http://[::1]:<port>/…` or `http://localhost:<port>/…`: a native app's loopback listener. */
export function isLoopbackRedirect(uri: unknown): boolean {
  if (typeof uri !== 'string') return false;
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Fills in what today's MCP clients leave out of an RFC 7591 request, before the plugin's
 * validation sees it:
 * - no `application_type` and only loopback redirect URIs: `native` (RFC 8252 §7.3). The plugin
 *   treats a missing type as `web`, and web clients may not use http loopback redirects, so MCP SDK
 *   and Inspector registrations would fail with `invalid_redirect_uri`.
 * - no `grant_types`: authorization code and refresh token. RFC 7591's default is the code grant
 *   alone, which would make `offline_access` useless to clients that never say more.
 * Anything the client did send is kept as sent.
 */
export function withRegistrationDefaults(body: RegistrationBody): RegistrationBody | undefined {
  const uris = Array.isArray(body.redirect_uris) ? body.redirect_uris : [];
  const patch: RegistrationBody = {};
  if (body.application_type === undefined && uris.length > 0 && uris.every(isLoopbackRedirect)) {
    patch.application_type = 'native';
  }
  if (body.grant_types === undefined) patch.grant_types = ['authorization_code', 'refresh_token'];
  return Object.keys(patch).length ? { ...body, ...patch } : undefined;
}

/** The part of a registration answer the after hook reads. */
interface RegisteredClient {
  client_id?: string;
  post_logout_redirect_uris?: string[];
}

/**
 * Better Auth plugin applying {@link withRegistrationDefaults} to `POST /oauth2/register`, and
 * turning RP-initiated logout on for a client that registered `post_logout_redirect_uris`: the
 * plugin keeps that switch for operators, so a dynamically registered client could otherwise never
 * use the `end_session_endpoint` the discovery documents advertise. Logout still needs a valid
 * `id_token_hint` for the browser's session (or the user's confirmation), and redirects only to an
 * exact registered URI.
 */
export function oauthRegistrationDefaults() {
  return {
    id: 'oauth-registration-defaults',
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === '/oauth2/register',
          handler: createAuthMiddleware((ctx) => {
            const body: unknown = ctx.body;
            if (typeof body !== 'object' || body === null || Array.isArray(body)) {
              return Promise.resolve();
            }
            // Patched in place: the endpoint reads this same body object after the hooks.
            const patched = withRegistrationDefaults(body);
            if (patched) Object.assign(body, patched);
            return Promise.resolve();
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === '/oauth2/register',
          handler: createAuthMiddleware(async (ctx) => {
            const registered = ctx.context.returned as RegisteredClient | undefined;
            if (!registered?.client_id || !registered.post_logout_redirect_uris?.length) return;
            await ctx.context.adapter.update({
              model: 'oauthClient',
              where: [{ field: 'clientId', value: registered.client_id }],
              update: { enableEndSession: true },
            });
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
