import { jest } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Principal } from '#jwt-guard';
import type { NotesService } from '#notes';
import { registerNoteTools } from '../tools/notes.tools.js';
import { registerWhoamiTool } from '../tools/whoami.tool.js';
import { McpServerFactory } from './mcp-server.factory.js';

const principal = (scopes: string[]): Principal =>
  ({
    sub: 'user-1',
    scopes,
    roles: ['user'],
    issuer: 'https://issuer.example',
    provider: 'custom',
  }) as unknown as Principal;

const note = {
  id: '0b5c7d4e-1f2a-4b3c-8d9e-0f1a2b3c4d50',
  title: 'a note',
  body: 'text',
  organizationId: null,
  createdAt: new Date('2026-01-02T03:04:05.000Z'),
  updatedAt: new Date('2026-01-02T03:04:05.000Z'),
};

async function connect(server: McpServer): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'spec', version: '0.0.0' });
  await client.connect(clientSide);
  return client;
}

describe('McpServerFactory', () => {
  const list = jest.fn(() => Promise.resolve({ items: [note], nextCursor: null }));
  const notes = { list } as unknown as NotesService;
  const factory = new McpServerFactory(notes);
  const everything = principal(['notes:read', 'notes:write']);

  it('advertises the same tools and input schemas as the SDK makes from the raw shapes', async () => {
    const plain = new McpServer({ name: 'plain', version: '0' });
    registerWhoamiTool(plain, everything);
    registerNoteTools(plain, everything, notes);
    const expected = await (await connect(plain)).listTools();
    // twice: the second server reuses the schemas built for the first
    for (let i = 0; i < 2; i++) {
      const { tools } = await (await connect(factory.create(everything))).listTools();
      expect(tools).toEqual(expected.tools);
    }
    const listNotes = expected.tools.find((t) => t.name === 'list_notes');
    expect(listNotes?.inputSchema.properties).toHaveProperty('limit');
  });

  it('lists only the tools the caller’s scopes allow', async () => {
    const { tools } = await (await connect(factory.create(principal(['notes:read'])))).listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['get_note', 'list_notes', 'whoami']);
  });

  it('validates input with the shared schemas and answers with the JSON text and structured content', async () => {
    const client = await connect(factory.create(everything));
    const bad = await client.callTool({ name: 'list_notes', arguments: { limit: 0 } });
    expect(bad.isError).toBe(true);
    expect(list).not.toHaveBeenCalled();
    const ok = await client.callTool({ name: 'list_notes', arguments: { limit: 1 } });
    expect(list).toHaveBeenCalledWith('user-1', { limit: 1 });
    const expected = {
      items: [
        {
          ...note,
          createdAt: note.createdAt.toISOString(),
          updatedAt: note.updatedAt.toISOString(),
        },
      ],
      nextCursor: null,
    };
    expect(ok.structuredContent).toEqual(expected);
    const [content] = ok.content as { type: string; text: string }[];
    expect(JSON.parse(content.text)).toEqual(expected);
  });
});
