import { NoteValidationError } from './notes.errors.js';

/** The position after which the next page starts: the last note's sort key. */
export interface NotesCursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID in its canonical text form. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Opaque to callers: base64url of `<epoch ms>:<id>`. */
export function encodeCursor(cursor: NotesCursor): string {
  return Buffer.from(`${cursor.createdAt.getTime()}:${cursor.id}`).toString('base64url');
}

/** Reverses {@link encodeCursor}; anything else is a {@link NoteValidationError} on `cursor`. */
export function decodeCursor(value: string): NotesCursor {
  const invalid = new NoteValidationError('cursor', 'cursor is not a valid page cursor');
  if (value.length > 128 || !/^[A-Za-z0-9_-]+$/.test(value)) throw invalid;
  const match = /^(\d{1,15}):(.+)$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match || !isUuid(match[2])) throw invalid;
  const createdAt = new Date(Number(match[1]));
  if (Number.isNaN(createdAt.getTime())) throw invalid;
  return { createdAt, id: match[2].toLowerCase() };
}
