import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Principal } from '#jwt-guard';
import { jsonResult } from './tool-result.js';

/** `whoami`: the verified caller as this server sees it. Needs a valid token and no scope. */
export function registerWhoamiTool(server: McpServer, principal: Principal): void {
  server.registerTool(
    'whoami',
    {
      title: 'Who am I',
      description:
        'Returns the signed-in user this server acts for: user id (sub), email and whether its issuer verified it (emailVerified), name, roles, the active organization (id and role, or null), granted scopes and token issuer.',
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () =>
      jsonResult({
        sub: principal.sub,
        email: principal.email ?? null,
        // null without an address; false when the issuer does not say it is verified
        emailVerified: principal.email === undefined ? null : principal.emailVerified === true,
        name: principal.name ?? null,
        roles: principal.roles,
        organization: principal.organization ? { ...principal.organization } : null,
        scopes: principal.scopes,
        issuer: principal.issuer,
        provider: principal.provider,
      }),
  );
}
