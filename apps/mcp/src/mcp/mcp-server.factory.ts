import { Injectable } from '@nestjs/common';
import {
  McpServer,
  type RegisteredTool,
  type ToolCallback,
} from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import {
  objectFromShape,
  type AnyObjectSchema,
  type AnySchema,
  type ZodRawShapeCompat,
} from '@modelcontextprotocol/sdk/server/zod-compat.js';
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

/** The Zod object of each tool's input shape, built once per shape (the shapes are module constants). */
const inputObjects = new WeakMap<ZodRawShapeCompat, AnyObjectSchema>();

function inputObject(shape: ZodRawShapeCompat): AnyObjectSchema {
  let schema = inputObjects.get(shape);
  if (!schema) {
    schema = objectFromShape(shape);
    inputObjects.set(shape, schema);
  }
  return schema;
}

/** A raw shape (`{ name: z.string() }`), not a Zod schema: the SDK's own distinction. */
function isRawShape(schema: ZodRawShapeCompat | AnySchema): schema is ZodRawShapeCompat {
  return !('_zod' in schema) && !('_def' in schema);
}

/** `registerTool`'s config, as the SDK declares it. */
interface ToolConfig<OutputArgs, InputArgs> {
  title?: string;
  description?: string;
  inputSchema?: InputArgs;
  outputSchema?: OutputArgs;
  annotations?: ToolAnnotations;
  _meta?: Record<string, unknown>;
}

/**
 * An {@link McpServer} whose tools take their input schema as given or, for a raw shape (what the
 * tools pass), as the object the SDK itself would make of it (`objectFromShape`), built once per
 * shape instead of once per tool per request: validation, `tools/list` and results are the same;
 * a server made per request no longer builds four Zod objects.
 */
class KitMcpServer extends McpServer {
  override registerTool<
    OutputArgs extends ZodRawShapeCompat | AnySchema,
    InputArgs extends undefined | ZodRawShapeCompat | AnySchema = undefined,
  >(
    name: string,
    config: ToolConfig<OutputArgs, InputArgs>,
    cb: ToolCallback<InputArgs>,
  ): RegisteredTool {
    const input = config.inputSchema;
    if (input === undefined || !isRawShape(input)) return super.registerTool(name, config, cb);
    return super.registerTool(
      name,
      { ...config, inputSchema: inputObject(input) as InputArgs },
      cb,
    );
  }
}

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
    const server = new KitMcpServer(MCP_SERVER_INFO, {
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
