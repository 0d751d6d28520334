import { NoteNotFoundError, NotesUnavailableError, NoteValidationError } from '#notes';
import { runTool } from './tool-result.js';

const failWith = (error: Error) => () => Promise.reject(error);
const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

describe('runTool', () => {
  it('returns the value as JSON text and structured content', async () => {
    const result = await runTool('t', () => Promise.resolve({ a: 1 }));
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({ a: 1 });
    expect(JSON.parse(text(result))).toEqual({ a: 1 });
  });

  it('maps the notes errors to clear tool errors', async () => {
    const notFound = await runTool('t', failWith(new NoteNotFoundError()));
    expect(notFound).toMatchObject({ isError: true });
    expect(text(notFound)).toBe('Note not found.');
    const invalid = await runTool(
      't',
      failWith(new NoteValidationError('title', 'title must not be empty')),
    );
    expect(text(invalid)).toBe('Invalid input: title must not be empty.');
    const down = await runTool('t', failWith(new NotesUnavailableError()));
    expect(text(down)).toMatch(/temporarily unavailable/);
  });

  it('never sends the message of an unexpected error', async () => {
    const result = await runTool(
      'list_notes',
      failWith(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2')),
    );
    expect(result.isError).toBe(true);
    expect(text(result)).toBe('list_notes failed because of an internal error; try again later.');
  });
});
