import type { BearerErrorCode } from './jwt-guard.errors.js';

/** What goes into a `WWW-Authenticate: Bearer ...` challenge (RFC 6750 §3, RFC 9728 §5.1). */
export interface ChallengeParams {
  realm: string;
  error?: BearerErrorCode;
  description?: string;
  /** Space-separated scopes needed (with `insufficient_scope`). */
  scope?: string;
  /** RFC 9470 `max_age` (with `insufficient_user_authentication`): seconds a sign-in may be old. */
  maxAge?: number;
  /** RFC 9470 `acr_values` (with `insufficient_user_authentication`): space-separated classes. */
  acrValues?: string;
  /** RFC 9728 protected resource metadata URL (MCP). */
  resourceMetadata?: string;
}

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
  if (params.resourceMetadata) parts.push(`resource_metadata=${quote(params.resourceMetadata)}`);
  return `Bearer ${parts.join(', ')}`;
}
