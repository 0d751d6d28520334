import type { ProviderSettings } from './provider.settings.js';
import type { BearerErrorCode } from './jwt-guard.errors.js';

/** What goes into a `WWW-Authenticate: Bearer ...` challenge (RFC 6750 §3, RFC 9728 §5.1). */
export interface ChallengeParams {
  realm: string;
  error?: BearerErrorCode | (string & {});
  description?: string;
  /** Space-separated scopes needed (with `insufficient_scope`, or as a hint on a 401). */
  scope?: string;
  /** RFC 9470 `max_age` (with `insufficient_user_authentication`): seconds a sign-in may be old. */
  maxAge?: number;
  /** RFC 9470 `acr_values` (with `insufficient_user_authentication`): space-separated classes. */
  acrValues?: string;
  /** RFC 9728 protected resource metadata URL (MCP). */
  resourceMetadata?: string;
  /**
   * Further auth-params, in order, after `scope` and before `resource_metadata` (e.g. RFC 9470's
   * `max_age` and `acr_values`). Names must be RFC 9110 tokens; values are quoted.
   */
  extra?: Record<string, string | number | undefined>;
}

/** What the guard's options say about every challenge it sends. */
export interface ChallengeDefaults {
  realm?: string;
  resourceMetadataUrl?: string;
  challengeScopes?: string[];
  provider?: ProviderSettings;
}

/** The accepted audiences, for the providers that take them. */
const audienceOf = (provider?: ProviderSettings) =>
  provider && 'audience' in provider ? provider.audience : undefined;

/** RFC 9110 token characters: an auth-param name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Quoted-string per RFC 9110: backslash-escape `"` and `\`, drop control characters. */
function quote(value: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${value.replace(/[\x00-\x1f\x7f]/g, '').replace(/["\\]/g, '\\$&')}"`;
}

/**
 * Builds the `WWW-Authenticate` value.
 * @example buildChallenge({ realm: 'api', error: 'invalid_token', description: 'token expired' })
 * // Bearer realm="api", error="invalid_token", error_description="token expired"
 */
export function buildChallenge(params: ChallengeParams): string {
  const parts = [`realm=${quote(params.realm)}`];
  if (params.error) parts.push(`error=${quote(params.error)}`);
  if (params.description && params.error)
    parts.push(`error_description=${quote(params.description)}`);
  if (params.scope) parts.push(`scope=${quote(params.scope)}`);
  if (params.maxAge !== undefined) parts.push(`max_age=${quote(String(params.maxAge))}`);
  if (params.acrValues) parts.push(`acr_values=${quote(params.acrValues)}`);
  for (const [name, value] of Object.entries(params.extra ?? {})) {
    if (value === undefined) continue;
    if (!TOKEN.test(name)) throw new Error(`not an auth-param name: ${JSON.stringify(name)}`);
    parts.push(`${name}=${quote(String(value))}`);
  }
  if (params.resourceMetadata) parts.push(`resource_metadata=${quote(params.resourceMetadata)}`);
  return `Bearer ${parts.join(', ')}`;
}

/**
 * The challenge the guard (or any handler of the app) sends, with the module's realm, scope hint
 * and resource metadata filled in: the one place those defaults are applied.
 * @example
 * reply.header('WWW-Authenticate', challengeFor(options, { error: 'insufficient_scope', scope: 'notes:write' }))
 */
export function challengeFor(
  defaults: ChallengeDefaults,
  params: Omit<ChallengeParams, 'realm'> & {
    realm?: string;
    /** Add `challengeScopes` when `scope` is not given. Default: true (the guard: on 401s only). */
    scopeHint?: boolean;
  },
): string {
  const hint = defaults.challengeScopes?.length ? defaults.challengeScopes.join(' ') : undefined;
  const { scopeHint = true, ...rest } = params;
  return buildChallenge({
    ...rest,
    realm: params.realm ?? defaults.realm ?? audienceOf(defaults.provider)?.[0] ?? 'api',
    scope: params.scope ?? (scopeHint ? hint : undefined),
    resourceMetadata: params.resourceMetadata ?? defaults.resourceMetadataUrl,
  });
}
