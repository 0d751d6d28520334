import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Principal } from '#jwt-guard';
import {
  NOTE_BODY_MAX,
  NOTE_TITLE_MAX,
  NOTES_CURSOR_MAX,
  NOTES_PAGE_MAX,
  NOTES_SEARCH_MAX,
  type NotesService,
} from '#notes';
import { mayUseTool } from '../mcp/mcp.scopes.js';
import { noteView, runTool } from './tool-result.js';

const id = z
  .guid({ message: 'id must be a note id (a UUID, as returned by list_notes or create_note)' })
  .describe('The note id (a UUID).');
const title = z
  .string()
  .min(1, { message: 'title must not be empty' })
  .max(NOTE_TITLE_MAX, { message: `title must be at most ${NOTE_TITLE_MAX} characters` });
const body = z
  .string()
  .max(NOTE_BODY_MAX, { message: `body must be at most ${NOTE_BODY_MAX} characters` });

// Built once: a server (and its tools) is made per request, the schemas need not be.
const listInput = {
  search: z.string().max(NOTES_SEARCH_MAX).optional().describe('Text to find in title or body.'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(NOTES_PAGE_MAX)
    .optional()
    .describe('Page size, 1-100 (default 20).'),
  cursor: z
    .string()
    .max(NOTES_CURSOR_MAX)
    .optional()
    .describe('nextCursor from the previous page.'),
};
const idInput = { id };
const createInput = { title, body: body.optional() };
const updateInput = { id, title: title.optional(), body: body.optional() };

/**
 * The notes tools, acting as the verified caller (`sub`) through the same {@link NotesService} as
 * apps/api. Only the tools the caller's scopes allow are registered, so `tools/list` shows what the
 * caller may use; a call to a known tool without its scope never gets here (HTTP 403 before).
 */
export function registerNoteTools(
  server: McpServer,
  principal: Principal,
  notes: NotesService,
): void {
  const owner = principal.sub;
  const allowed = (tool: string) => mayUseTool(tool, principal.scopes);

  if (allowed('list_notes')) {
    server.registerTool(
      'list_notes',
      {
        title: 'List notes',
        description:
          "Lists the user's notes, newest first. Optional case-insensitive `search` in title and body; page with `limit` and the `nextCursor` of the previous page.",
        inputSchema: listInput,
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      (args) =>
        runTool('list_notes', async () => {
          const page = await notes.list(owner, args);
          return { items: page.items.map(noteView), nextCursor: page.nextCursor };
        }),
    );
  }

  if (allowed('get_note')) {
    server.registerTool(
      'get_note',
      {
        title: 'Get a note',
        description: "Returns one of the user's notes by id.",
        inputSchema: idInput,
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      (args) => runTool('get_note', async () => noteView(await notes.get(owner, args.id))),
    );
  }

  if (allowed('create_note')) {
    server.registerTool(
      'create_note',
      {
        title: 'Create a note',
        description: `Creates a note for the user. title: 1-${NOTE_TITLE_MAX} characters; body: optional, up to ${NOTE_BODY_MAX}.`,
        inputSchema: createInput,
        annotations: {
          readOnlyHint: false,
          destructiveHint: false,
          idempotentHint: false,
          openWorldHint: false,
        },
      },
      (args) => runTool('create_note', async () => noteView(await notes.create(owner, args))),
    );
  }

  if (allowed('update_note')) {
    server.registerTool(
      'update_note',
      {
        title: 'Update a note',
        description:
          "Changes the title and/or body of one of the user's notes. Give at least one of them.",
        inputSchema: updateInput,
        annotations: {
          readOnlyHint: false,
          destructiveHint: true,
          idempotentHint: true,
          openWorldHint: false,
        },
      },
      ({ id: noteId, ...changes }) =>
        runTool('update_note', async () => noteView(await notes.update(owner, noteId, changes))),
    );
  }

  if (allowed('delete_note')) {
    server.registerTool(
      'delete_note',
      {
        title: 'Delete a note',
        description: "Deletes one of the user's notes for good.",
        inputSchema: idInput,
        annotations: {
          readOnlyHint: false,
          destructiveHint: true,
          idempotentHint: true,
          openWorldHint: false,
        },
      },
      (args) =>
        runTool('delete_note', async () => {
          await notes.remove(owner, args.id);
          return { deleted: true, id: args.id };
        }),
    );
  }
}
