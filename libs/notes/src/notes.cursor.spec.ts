import { randomUUID } from 'node:crypto';
import { decodeCursor, encodeCursor, isUuid } from './notes.cursor.js';
import { NoteValidationError } from './notes.errors.js';

describe('notes cursor', () => {
  it('round-trips the sort key of a note', () => {
    const key = { createdAt: new Date('2026-01-02T03:04:05.678Z'), id: randomUUID() };
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['no separator', Buffer.from('12345').toString('base64url')],
    ['a non-uuid id', Buffer.from('12345:abc').toString('base64url')],
    ['a non-numeric time', Buffer.from(`x:${randomUUID()}`).toString('base64url')],
    ['after year 9999', Buffer.from(`253402300800000:${randomUUID()}`).toString('base64url')],
    ['an overlong time', Buffer.from(`9999999999999999:${randomUUID()}`).toString('base64url')],
    ['too long', 'a'.repeat(200)],
    ['an injection attempt', Buffer.from("1:' OR 1=1 --").toString('base64url')],
  ])('refuses a cursor that is %s', (_what, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(NoteValidationError);
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect((error as NoteValidationError).field).toBe('cursor');
    }
  });

  it('recognises canonical uuids only', () => {
    expect(isUuid(randomUUID())).toBe(true);
    expect(isUuid(randomUUID().toUpperCase())).toBe(true);
    expect(isUuid('123')).toBe(false);
    expect(isUuid(`${randomUUID()}x`)).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});
