import {
  authenticationShortfall,
  type AuthenticationRequirement,
  type Principal,
} from '#jwt-guard';

/** How recent a sign-in `delete_all_notes` needs (RFC 9470 `max_age`), in seconds. */
export const DELETE_ALL_MAX_AGE_S = 300;

/** What each tool demands of the sign-in behind the token (tools not listed: nothing more). */
export const TOOL_AUTHENTICATION: Readonly<Record<string, AuthenticationRequirement>> = {
  delete_all_notes: { maxAgeS: DELETE_ALL_MAX_AGE_S },
};

/** A tool call the caller's sign-in falls short for, with the requirement and the reason (for logs). */
export interface StepUpNeeded {
  tool: string;
  requirement: AuthenticationRequirement;
  reason: string;
}

function toolOf(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { method, params } = message as { method?: unknown; params?: { name?: unknown } };
  if (method !== 'tools/call' || typeof params?.name !== 'string') return undefined;
  return Object.hasOwn(TOOL_AUTHENTICATION, params.name) ? params.name : undefined;
}

/**
 * The first tool call in a JSON-RPC body (one message or a batch) whose requirement the caller's
 * sign-in does not meet, or undefined. Run before the MCP transport, like the scope check, so the
 * client gets an HTTP 401 challenge it can act on (authorize again with `max_age`), not a tool error.
 */
export function stepUpNeeded(
  body: unknown,
  principal: Principal,
  nowS: number,
): StepUpNeeded | undefined {
  for (const message of Array.isArray(body) ? body : [body]) {
    const tool = toolOf(message);
    if (!tool) continue;
    const requirement = TOOL_AUTHENTICATION[tool];
    const reason = authenticationShortfall(principal.authentication, requirement, nowS);
    if (reason) return { tool, requirement, reason };
  }
  return undefined;
}
