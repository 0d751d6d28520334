import { Injectable } from '@nestjs/common';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { Principal } from '#jwt-guard';
import { NotesService } from '#notes';
import { registerNoteResources } from '../tools/notes.resources.js';
import { registerNoteTools } from '../tools/notes.tools.js';
import { registerWhoamiTool } from '../tools/whoami.tool.js';

/** Name and version this server reports in `initialize`. */
export const MCP_SERVER_INFO = { name: 'nest-decoupled-auth-kit-mcp', version: '0.1.0' } as const;

const INSTRUCTIONS =
  'Notes of the signed-in user. Use whoami to see who you act for and which scopes were granted; list_notes (with search) to find notes; get_note, create_note, update_note, delete_note to work on them; delete_all_notes (needs a recent sign-in) to empty them. Each note is also a resource note://<id>.';

/**
 * Builds one {@link McpServer} per request, bound to the verified caller: tools act as
 * `principal.sub` and only the tools its scopes allow are registered. Nothing outlives the request,
 * so nothing can leak between clients.
 */
@Injectable()
export class McpServerFactory {
  // Creating an Ajv instance costs far more than the rest of a server: share one (it is only used for elicitation).
  private readonly validator = new AjvJsonSchemaValidator();

  constructor(private readonly notes: NotesService) {}

  create(principal: Principal): McpServer {
    const server = new McpServer(MCP_SERVER_INFO, {
      instructions: INSTRUCTIONS,
      jsonSchemaValidator: this.validator,
      maxToolInputElements: 100,
    });
    registerWhoamiTool(server, principal);
    registerNoteTools(server, principal, this.notes);
    registerNoteResources(server, principal, this.notes);
    return server;
  }
}
