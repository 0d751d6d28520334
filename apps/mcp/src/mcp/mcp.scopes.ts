import { NOTES_READ, NOTES_SCOPES, NOTES_WRITE } from '#notes';
/** Scopes this server understands, as advertised in its protected resource metadata. */
export const SUPPORTED_SCOPES = NOTES_SCOPES;

/** The scope each tool needs. Tools not listed here (whoami) need a valid token and nothing more. */
export const TOOL_SCOPES: Readonly<Record<string, string>> = {
  list_notes: NOTES_READ,
  get_note: NOTES_READ,
  create_note: NOTES_WRITE,
  update_note: NOTES_WRITE,
  delete_note: NOTES_WRITE,
  delete_all_notes: NOTES_WRITE,
};

/** The scope each JSON-RPC method needs, besides `tools/call` (which depends on the tool). */
const METHOD_SCOPES: Readonly<Record<string, string>> = {
  'resources/list': NOTES_READ,
  'resources/templates/list': NOTES_READ,
  'resources/read': NOTES_READ,
};

function scopeOf(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { method, params } = message as { method?: unknown; params?: { name?: unknown } };
  if (typeof method !== 'string') return undefined;
  if (method === 'tools/call') {
    const name = params?.name;
    return typeof name === 'string' && Object.hasOwn(TOOL_SCOPES, name)
      ? TOOL_SCOPES[name]
      : undefined;
  }
  return Object.hasOwn(METHOD_SCOPES, method) ? METHOD_SCOPES[method] : undefined;
}

/**
 * The scopes a JSON-RPC body (one message or a batch) needs that `granted` lacks, in a stable order.
 * Run on the parsed body before it reaches the MCP transport, so a missing scope is an HTTP 403
 * challenge the client can act on (MCP authorization, "scope challenge handling"), not a tool error.
 * Anything malformed is left for the transport to reject.
 */
export function missingScopes(body: unknown, granted: readonly string[]): string[] {
  const messages = Array.isArray(body) ? body : [body];
  const needed = new Set(messages.map(scopeOf).filter((s): s is string => s !== undefined));
  return SUPPORTED_SCOPES.filter((scope) => needed.has(scope) && !granted.includes(scope));
}

/** True when a token with these scopes may use the tool. */
export function mayUseTool(tool: string, granted: readonly string[]): boolean {
  const scope = TOOL_SCOPES[tool];
  return scope === undefined || granted.includes(scope);
}
