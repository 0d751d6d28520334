import { z } from 'zod';
import {
  NOTE_BODY_MAX,
  NOTE_TITLE_MAX,
  NOTES_CURSOR_MAX,
  NOTES_PAGE_DEFAULT,
  NOTES_PAGE_MAX,
  NOTES_SEARCH_MAX,
} from './notes.constants.js';
import { NoteValidationError } from './notes.errors.js';

/*
 * The rules of note input, written once. NotesService checks every value with them (so a caller
 * that skips a transport's validation gets the same answer), apps/api validates its bodies and
 * queries with the object schemas and documents them in OpenAPI from the same schemas, and apps/mcp
 * gives the field schemas to its tools (their JSON Schema in `tools/list` comes from here too).
 * Messages name the field first: transports show them as they are.
 */

// PostgreSQL text cannot hold U+0000: refuse it here rather than fail in the database.
const NUL = '\u0000';

function text(field: string, max: number, options: { required: boolean }) {
  let schema = z.string({ error: `${field} must be a string` });
  // min(1) puts minLength in the JSON Schema; the refine below also refuses a title of blanks
  if (options.required)
    schema = schema.min(1, { error: `${field} must not be empty`, abort: true });
  let checked = schema
    .max(max, { error: `${field} must be at most ${max} characters`, abort: true })
    .refine((value) => !value.includes(NUL), {
      error: `${field} must not contain NUL characters`,
      abort: true,
    });
  if (options.required) {
    checked = checked.refine((value) => value.trim().length > 0, {
      error: `${field} must not be empty`,
    });
  }
  return checked;
}

/** A title: 1..200 characters, not only blanks, no NUL. */
export const noteTitle = text('title', NOTE_TITLE_MAX, { required: true }).meta({
  description: `The note's title, 1-${NOTE_TITLE_MAX} characters, not only blanks`,
  examples: ['Groceries'],
});

/** A body: at most 10 000 characters, no NUL; may be empty. */
export const noteBody = text('body', NOTE_BODY_MAX, { required: false }).meta({
  description: `The note's text, up to ${NOTE_BODY_MAX} characters (default empty)`,
  examples: ['eggs, milk'],
});

/** `true`: share with the caller's active organization; `false`: make private again. */
export const noteShared = z.boolean({ error: 'shared must be a boolean' }).meta({
  description:
    "true: share the note (read-only) with the caller's active organization (the token's `org_id`); false: make it private again",
});

/** A search text, matched case-insensitively in title and body; blank means no search. */
export const notesSearch = text('search', NOTES_SEARCH_MAX, { required: false }).meta({
  description: 'Case-insensitive text to find in the title or body',
});

const limitMessage = `limit must be a whole number from 1 to ${NOTES_PAGE_MAX}`;
const pageSize = (number: z.ZodNumber) =>
  number
    .int({ error: limitMessage })
    .min(1, { error: limitMessage })
    .max(NOTES_PAGE_MAX, { error: limitMessage })
    .meta({ description: `Page size, 1-${NOTES_PAGE_MAX} (default ${NOTES_PAGE_DEFAULT})` });

/** A page size: a whole number 1..100 (default 20). */
export const notesLimit = pageSize(z.number({ error: limitMessage }));

/** A page cursor: the `nextCursor` of the previous page (its content is checked when decoded). */
export const notesCursor = z
  .string({ error: 'cursor must be a string' })
  .max(NOTES_CURSOR_MAX, { error: 'cursor is not a valid page cursor' })
  .meta({ description: '`nextCursor` of the previous page' });

/** A note id as returned by the notes methods (a UUID). */
export const noteId = z
  .guid({ error: 'id must be a note id (a UUID, as returned by list_notes or create_note)' })
  .meta({ description: 'The note id (a UUID)' });

/**
 * What an object itself can get wrong: unknown fields are refused, not dropped (a typo must not pass
 * as an unchanged note), and anything but an object is named as such.
 */
const objectErrors = (issue: { code?: string; keys?: string[] }) => {
  if (issue.code === 'unrecognized_keys')
    return `property ${issue.keys?.join(', ')} should not exist`;
  if (issue.code === 'invalid_type') return 'expected an object of named fields';
  return undefined;
};

/** Fields of a new note. */
export const createNoteFields = z
  .strictObject(
    { title: noteTitle, body: noteBody.optional(), shared: noteShared.optional() },
    { error: objectErrors },
  )
  .meta({ id: 'CreateNoteDto' });

/** The message when an update names nothing to change. */
export const NOTE_CHANGE_NEEDED = 'give at least one of title or body (or shared) to change';
/** Fields to change in a note: at least one. */
export const updateNoteFields = z
  .strictObject(
    { title: noteTitle.optional(), body: noteBody.optional(), shared: noteShared.optional() },
    { error: objectErrors },
  )
  .refine((fields) => Object.values(fields).some((value) => value !== undefined), {
    error: NOTE_CHANGE_NEEDED,
    path: ['title'],
  })
  .meta({ id: 'UpdateNoteDto' });

const listFields = {
  search: notesSearch.optional(),
  limit: notesLimit.optional(),
  cursor: notesCursor.optional(),
};

/** Options of a page of notes. */
export const listNotesFields = z.strictObject(listFields, { error: objectErrors });

/**
 * The same options as a URL query carries them (text): `limit` is read as a number first, the way
 * `Number()` reads it, then held to the same rules.
 */
export const listNotesQuery = z.strictObject(
  { ...listFields, limit: pageSize(z.coerce.number({ error: limitMessage })).optional() },
  { error: objectErrors },
);

/** A new note's fields, as {@link createNoteFields} passes them. */
export type CreateNoteFields = z.output<typeof createNoteFields>;
/** A note's fields to change, as {@link updateNoteFields} passes them. */
export type UpdateNoteFields = z.output<typeof updateNoteFields>;
/** Options of a page, as {@link listNotesQuery} passes them. */
export type ListNotesQuery = z.output<typeof listNotesQuery>;

/** A standard-schema issue as zod and Nest's schema pipe hand it over. */
interface InputIssue {
  readonly message: string;
  readonly path?: readonly unknown[];
}

/** The first broken rule of `issues`, as the error {@link NotesService} throws, naming the field. */
export function noteInputError(
  issues: readonly InputIssue[],
  field = 'input',
): NoteValidationError {
  const [issue] = issues;
  const head = issue.path?.[0];
  const unknownKey = (issue as { keys?: string[] }).keys?.[0];
  return new NoteValidationError(
    typeof head === 'string' ? head : (unknownKey ?? field),
    issue.message,
  );
}

/** `value` checked by `schema`, or a {@link NoteValidationError} on `field`. */
export function checkInput<T>(field: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw noteInputError(result.error.issues, field);
  return result.data;
}

/** A title for storing. */
export const checkTitle = (value: unknown): string => checkInput('title', noteTitle, value);

/** A body for storing. */
export const checkBody = (value: unknown): string => checkInput('body', noteBody, value);

/** A search text, trimmed; blank or absent means "no search". */
export function checkSearch(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return checkInput('search', notesSearch, value).trim() || undefined;
}

/** A page size; absent means the default. */
export function checkLimit(value: unknown): number {
  if (value === undefined || value === null) return NOTES_PAGE_DEFAULT;
  return checkInput('limit', notesLimit, value);
}

/** A page cursor's text; absent means the first page. */
export function checkCursor(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return checkInput('cursor', notesCursor, value);
}
