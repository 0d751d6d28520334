import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Logger } from '@nestjs/common';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Principal } from '#jwt-guard';
import {
  NoteNotFoundError,
  NOTES_PAGE_MAX,
  NOTES_READ,
  NotesUnavailableError,
  type NotesService,
} from '#notes';
import { noteView } from './tool-result.js';

/** JSON-RPC error code of an unknown resource (MCP spec, "Resources: error handling"). */
const RESOURCE_NOT_FOUND = -32002;

const logger = new Logger('McpResources');

/** Unexpected failures become a generic JSON-RPC error; the cause is logged, never sent. */
function internal(error: unknown): McpError {
  if (error instanceof NotesUnavailableError) {
    return new McpError(
      ErrorCode.InternalError,
      'Notes are temporarily unavailable; try again shortly',
    );
  }
  logger.error(`note resource failed: ${error instanceof Error ? error.message : String(error)}`);
  return new McpError(ErrorCode.InternalError, 'Internal error');
}

/**
 * Each of the caller's notes as a resource `note://<id>` (JSON). `resources/list` shows the newest
 * {@link NOTES_PAGE_MAX}; older ones stay readable by URI. Registered only with `notes:read`.
 */
export function registerNoteResources(
  server: McpServer,
  principal: Principal,
  notes: NotesService,
): void {
  if (!principal.scopes.includes(NOTES_READ)) return;
  const owner = principal.sub;
  server.registerResource(
    'note',
    new ResourceTemplate('note://{id}', {
      list: async () => {
        const page = await notes.list(owner, { limit: NOTES_PAGE_MAX }).catch((error: unknown) => {
          throw internal(error);
        });
        return {
          resources: page.items.map((note) => ({
            uri: `note://${note.id}`,
            name: note.title,
            mimeType: 'application/json',
          })),
        };
      },
    }),
    {
      title: 'Note',
      description: "One of the user's notes, as JSON.",
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const id = Array.isArray(variables.id) ? variables.id[0] : variables.id;
      try {
        const note = await notes.get(owner, String(id));
        return {
          contents: [
            { uri: uri.href, mimeType: 'application/json', text: JSON.stringify(noteView(note)) },
          ],
        };
      } catch (error) {
        if (error instanceof NoteNotFoundError) {
          throw new McpError(RESOURCE_NOT_FOUND, 'Resource not found', { uri: uri.href });
        }
        throw internal(error);
      }
    },
  );
}
