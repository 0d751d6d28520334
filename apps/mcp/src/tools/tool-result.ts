import { Logger } from '@nestjs/common';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { NoteNotFoundError, NotesUnavailableError, NoteValidationError, type Note } from '#notes';

const logger = new Logger('McpTools');

/** A note as tools and resources show it: dates as ISO strings. */
export function noteView(note: Note) {
  return {
    id: note.id,
    title: note.title,
    body: note.body,
    organizationId: note.organizationId,
    createdAt: note.createdAt.toISOString(),
    updatedAt: note.updatedAt.toISOString(),
  };
}

/**
 * A successful tool result: the value as JSON text (for models) and as structured content (for
 * programs). The text is compact JSON: indenting it made every answer larger (it is sent twice,
 * once escaped inside a string) for no reader that needs it.
 */
export function jsonResult(value: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(value) }],
    structuredContent: value,
  };
}

/** A tool error the model can read and act on (MCP: errors inside the result, `isError: true`). */
export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * Runs a tool body and maps the notes domain's errors to clear tool errors. Anything unexpected is
 * logged and answered with a generic message: database errors and stacks never reach the client.
 */
export async function runTool(
  tool: string,
  body: () => Promise<Record<string, unknown>>,
): Promise<CallToolResult> {
  try {
    return jsonResult(await body());
  } catch (error) {
    if (error instanceof NoteNotFoundError) return toolError('Note not found.');
    if (error instanceof NoteValidationError) return toolError(`Invalid input: ${error.message}.`);
    if (error instanceof NotesUnavailableError) {
      return toolError(
        'Notes are temporarily unavailable (database unreachable); try again shortly.',
      );
    }
    logger.error(`${tool} failed: ${error instanceof Error ? error.message : String(error)}`);
    return toolError(`${tool} failed because of an internal error; try again later.`);
  }
}
