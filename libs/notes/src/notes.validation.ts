import {
  NOTE_BODY_MAX,
  NOTE_TITLE_MAX,
  NOTES_PAGE_DEFAULT,
  NOTES_PAGE_MAX,
  NOTES_SEARCH_MAX,
} from './notes.constants.js';
import { NoteValidationError } from './notes.errors.js';

// PostgreSQL text cannot hold U+0000: refuse it here rather than fail in the database.
const NUL = '\u0000';

function text(field: string, value: unknown, min: number, max: number): string {
  if (typeof value !== 'string') throw new NoteValidationError(field, `${field} must be a string`);
  if (value.includes(NUL)) {
    throw new NoteValidationError(field, `${field} must not contain NUL characters`);
  }
  if (value.length > max) {
    throw new NoteValidationError(field, `${field} must be at most ${max} characters`);
  }
  if (min > 0 && value.trim().length < min) {
    throw new NoteValidationError(field, `${field} must not be empty`);
  }
  return value;
}

/** A title: 1..200 characters, not only blanks. */
export const checkTitle = (value: unknown): string => text('title', value, 1, NOTE_TITLE_MAX);

/** A body: at most 10 000 characters; may be empty. */
export const checkBody = (value: unknown): string => text('body', value, 0, NOTE_BODY_MAX);

/** A search text; blank means "no search". */
export function checkSearch(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const search = text('search', value, 0, NOTES_SEARCH_MAX).trim();
  return search || undefined;
}

/** A page size: a whole number 1..100, default 20. */
export function checkLimit(value: unknown): number {
  if (value === undefined || value === null) return NOTES_PAGE_DEFAULT;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > NOTES_PAGE_MAX
  ) {
    throw new NoteValidationError(
      'limit',
      `limit must be a whole number from 1 to ${NOTES_PAGE_MAX}`,
    );
  }
  return value;
}
