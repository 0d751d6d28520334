import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Principal } from '#jwt-guard';
import {
  NOTE_BODY_MAX,
  NOTE_TITLE_MAX,
  NoteValidationError,
  createNoteFields,
  listNotesFields,
  noteId,
  noteShared,
  sharingTarget,
  updateNoteFields,
  type NotesService,
} from '#notes';
import { mayUseTool } from '../mcp/mcp.scopes.js';
import { DELETE_ALL_MAX_AGE_S } from '../mcp/mcp.step-up.js';
import { noteView, runTool } from './tool-result.js';

// The rules of each field are libs/notes' (one home for note input); only the tools' own
// arguments are declared here. Built once: a server (and its tools) is made per request.
const listInput = {
  shared: noteShared
    .optional()
    .describe(
      "true: list the notes shared with the user's active organization (by any member) instead of the user's own.",
    ),
  ...listNotesFields.shape,
};
const idInput = { id: noteId };
const createInput = createNoteFields.shape;
const updateInput = { id: noteId, ...updateNoteFields.shape };

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
  const organizationId = principal.organization?.id;
  const allowed = (tool: string) => mayUseTool(tool, principal.scopes);

  if (allowed('list_notes')) {
    server.registerTool(
      'list_notes',
      {
        title: 'List notes',
        description:
          "Lists the user's notes, newest first (with `shared: true`, the notes shared with the user's active organization). Optional case-insensitive `search` in title and body; page with `limit` and the `nextCursor` of the previous page.",
        inputSchema: listInput,
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      ({ shared: fromOrganization, ...args }) =>
        runTool('list_notes', async () => {
          if (fromOrganization && !organizationId) {
            throw new NoteValidationError('shared', 'shared needs an active organization');
          }
          const page =
            fromOrganization && organizationId
              ? await notes.listShared(organizationId, args)
              : await notes.list(owner, args);
          return { items: page.items.map(noteView), nextCursor: page.nextCursor };
        }),
    );
  }

  if (allowed('get_note')) {
    server.registerTool(
      'get_note',
      {
        title: 'Get a note',
        description:
          "Returns one of the user's notes, or one shared with the user's active organization, by id.",
        inputSchema: idInput,
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      (args) =>
        runTool('get_note', async () => noteView(await notes.get(owner, args.id, organizationId))),
    );
  }

  if (allowed('create_note')) {
    server.registerTool(
      'create_note',
      {
        title: 'Create a note',
        description: `Creates a note for the user. title: 1-${NOTE_TITLE_MAX} characters; body: optional, up to ${NOTE_BODY_MAX}; shared: true shares it (read-only) with the user’s active organization.`,
        inputSchema: createInput,
        annotations: {
          readOnlyHint: false,
          destructiveHint: false,
          idempotentHint: false,
          openWorldHint: false,
        },
      },
      ({ shared: share, ...args }) =>
        runTool('create_note', async () => {
          const target = sharingTarget(share, organizationId);
          return noteView(await notes.create(owner, { ...args, organizationId: target }));
        }),
    );
  }

  if (allowed('update_note')) {
    server.registerTool(
      'update_note',
      {
        title: 'Update a note',
        description:
          "Changes the title, body and/or sharing of one of the user's own notes (shared notes of others are read-only). Give at least one of them.",
        inputSchema: updateInput,
        annotations: {
          readOnlyHint: false,
          destructiveHint: true,
          idempotentHint: true,
          openWorldHint: false,
        },
      },
      ({ id: noteId, shared: share, ...changes }) =>
        runTool('update_note', async () => {
          const target = sharingTarget(share, organizationId);
          return noteView(
            await notes.update(owner, noteId, { ...changes, organizationId: target }),
          );
        }),
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

  if (allowed('delete_all_notes')) {
    server.registerTool(
      'delete_all_notes',
      {
        title: 'Delete all notes',
        description: `Deletes every note of the user for good. Needs a sign-in at most ${DELETE_ALL_MAX_AGE_S / 60} minutes old: otherwise the server answers HTTP 401 insufficient_user_authentication with max_age, and the user must sign in again.`,
        annotations: {
          readOnlyHint: false,
          destructiveHint: true,
          idempotentHint: true,
          openWorldHint: false,
        },
      },
      () => runTool('delete_all_notes', async () => ({ deleted: await notes.removeAll(owner) })),
    );
  }
}
