import { NoteValidationError } from './notes.errors.js';

/** The position after which the next page starts: the last note's sort key. */
export interface NotesCursor {
  createdAt: Date;
  id: string;
}

/** 9999-12-31T23:59:59.999Z: later instants do not fit ISO 8601's four-digit years the database expects. */
const MAX_TIME_MS = 253_402_300_799_999;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID in its canonical text form. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Opaque to callers: base64url of `<epoch ms>:<id>`. */
export function encodeCursor(cursor: NotesCursor): string {
  return Buffer.from(`${cursor.createdAt.getTime()}:${cursor.id}`).toString('base64url');
}

/**
 * Reverses {@link encodeCursor}; anything else is a {@link NoteValidationError} on `cursor`. Its
 * length is bounded before it gets here (`notesCursor`).
 */
export function decodeCursor(value: string): NotesCursor {
  const invalid = new NoteValidationError('cursor', 'cursor is not a valid page cursor');
  if (!/^[A-Za-z0-9_-]+$/.test(value)) throw invalid;
  const match = /^(\d{1,15}):(.+)$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match || !isUuid(match[2])) throw invalid;
  const time = Number(match[1]);
  if (time > MAX_TIME_MS) throw invalid;
  const createdAt = new Date(time);
  return { createdAt, id: match[2].toLowerCase() };
}
