import { beforeAuthorize } from './authorize-params.js';

/** The scope that brings a refresh token (OpenID Connect Core §11). */
export const OFFLINE_ACCESS = 'offline_access';

/**
 * The scope to authorize: `requested` plus `offline_access` when the client is registered for the
 * refresh token grant and did not ask for it; otherwise undefined (leave the request as it is).
 */
export function withOfflineAccess(
  requested: string,
  clientGrantTypes: readonly string[] | null | undefined,
): string | undefined {
  const scopes = requested.split(' ').filter(Boolean);
  if (scopes.includes(OFFLINE_ACCESS) || !clientGrantTypes?.includes('refresh_token')) return;
  return [...scopes, OFFLINE_ACCESS].join(' ');
}

/**
 * Refresh tokens for clients registered for the refresh token grant, whether or not they name
 * `offline_access`: the plugin issues a refresh token only with that scope, and MCP SDK clients
 * never ask for it, so their sessions would end with the first access token (OAuth 2.1 leaves
 * issuing a refresh token to the authorization server). The user still sees the scope on the
 * consent page. Runs before `/oauth2/authorize` reads its parameters (query, or body for POST).
 */
export function offlineAccessForRefreshClients() {
  return beforeAuthorize('oauth-offline-access', async (params, ctx) => {
    const { scope, client_id: clientId } = params;
    if (typeof scope !== 'string' || typeof clientId !== 'string') return;
    const client = await ctx.context.adapter.findOne<{ grantTypes?: string[] | null }>({
      model: 'oauthClient',
      where: [{ field: 'clientId', value: clientId }],
    });
    const widened = withOfflineAccess(scope, client?.grantTypes);
    if (widened) params.scope = widened;
  });
}
