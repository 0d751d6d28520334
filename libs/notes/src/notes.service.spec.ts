import { Test, type TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DatabaseModule, PrismaService } from '#database';
import { startTestDatabase } from '../../../test/support/database.js';
import { freePort } from '../../../test/support/ports.js';
import { encodeCursor } from './notes.cursor.js';
import {
  NoteNotFoundError,
  NoteValidationError,
  NotesModule,
  NotesService,
  NotesUnavailableError,
} from './index.js';

const ALICE = 'user_alice';
const BOB = 'user_bob';

/** Collects a rejection so the test can assert its class and fields. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('NotesService (real database)', () => {
  let db: Awaited<ReturnType<typeof startTestDatabase>>;
  let moduleRef: TestingModule;
  let notes: NotesService;
  let prisma: PrismaService;

  beforeAll(async () => {
    db = await startTestDatabase();
    moduleRef = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRoot({ url: db.url, dataDir: '.data', embeddedPort: 5433 }),
        NotesModule,
      ],
    }).compile();
    notes = moduleRef.get(NotesService);
    prisma = moduleRef.get(PrismaService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.stop();
  });

  describe('create and get', () => {
    it('creates a note with an empty default body and never exposes the owner', async () => {
      const note = await notes.create(ALICE, { title: 'First' });
      expect(note).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        title: 'First',
        body: '',
        organizationId: null,
        createdAt: expect.any(Date),
        updatedAt: expect.any(Date),
      });
      expect(Object.keys(note)).not.toContain('ownerId');
      await expect(notes.get(ALICE, note.id)).resolves.toEqual(note);
      await expect(notes.get(ALICE, note.id.toUpperCase())).resolves.toEqual(note);
    });

    it('answers not found for another owner, an unknown id and a non-uuid id alike', async () => {
      const note = await notes.create(ALICE, { title: 'Private', body: 'secret' });
      for (const [owner, id] of [
        [BOB, note.id],
        [ALICE, randomUUID()],
        [ALICE, 'not-a-uuid'],
        [ALICE, "1' OR '1'='1"],
      ]) {
        const error = await rejection(notes.get(owner, id));
        expect(error).toBeInstanceOf(NoteNotFoundError);
        expect((error as NoteNotFoundError).code).toBe('NOTE_NOT_FOUND');
      }
    });
  });

  describe('update and remove', () => {
    it('changes only the given fields of the owner note', async () => {
      const note = await notes.create(ALICE, { title: 'Before', body: 'kept' });
      const updated = await notes.update(ALICE, note.id, { title: 'After' });
      expect(updated).toMatchObject({ id: note.id, title: 'After', body: 'kept' });
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(note.updatedAt.getTime());
      expect(updated.createdAt).toEqual(note.createdAt);
      const rebodied = await notes.update(ALICE, note.id, { body: '' });
      expect(rebodied).toMatchObject({ title: 'After', body: '' });
    });

    it('refuses to change or delete another owner note, which stays intact', async () => {
      const note = await notes.create(ALICE, { title: 'Mine', body: 'hands off' });
      await expect(notes.update(BOB, note.id, { title: 'Yours' })).rejects.toBeInstanceOf(
        NoteNotFoundError,
      );
      await expect(notes.remove(BOB, note.id)).rejects.toBeInstanceOf(NoteNotFoundError);
      await expect(notes.get(ALICE, note.id)).resolves.toMatchObject({
        title: 'Mine',
        body: 'hands off',
      });
    });

    it('removes the owner note once', async () => {
      const note = await notes.create(ALICE, { title: 'Doomed' });
      await expect(notes.remove(ALICE, note.id)).resolves.toBeUndefined();
      await expect(notes.get(ALICE, note.id)).rejects.toBeInstanceOf(NoteNotFoundError);
      await expect(notes.remove(ALICE, note.id)).rejects.toBeInstanceOf(NoteNotFoundError);
      await expect(notes.update(ALICE, 'nope', { title: 'x' })).rejects.toBeInstanceOf(
        NoteNotFoundError,
      );
    });
  });

  describe('validation (for callers that bypass DTOs)', () => {
    it.each([
      ['title', () => notes.create(ALICE, { title: '' })],
      ['title', () => notes.create(ALICE, { title: '   ' })],
      ['title', () => notes.create(ALICE, { title: 'x'.repeat(201) })],
      ['title', () => notes.create(ALICE, { title: 42 as unknown as string })],
      ['title', () => notes.create(ALICE, {} as { title: string })],
      ['title', () => notes.create(ALICE, { title: 'a\u0000b' })],
      ['body', () => notes.create(ALICE, { title: 't', body: 'x'.repeat(10_001) })],
      ['body', () => notes.create(ALICE, { title: 't', body: null as unknown as string })],
      ['title', () => notes.update(ALICE, randomUUID(), {})],
      ['limit', () => notes.list(ALICE, { limit: 0 })],
      ['limit', () => notes.list(ALICE, { limit: 101 })],
      ['limit', () => notes.list(ALICE, { limit: 2.5 })],
      ['cursor', () => notes.list(ALICE, { cursor: 'garbage!' })],
      ['cursor', () => notes.list(ALICE, { cursor: Buffer.from('1:x').toString('base64url') })],
      ['search', () => notes.list(ALICE, { search: 'x'.repeat(201) })],
    ])('refuses a bad %s', async (field, call) => {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(NoteValidationError);
      expect((error as NoteValidationError).field).toBe(field);
      expect(error.message).toContain(field);
    });

    it('accepts the limits exactly', async () => {
      const note = await notes.create(ALICE, { title: 'x'.repeat(200), body: 'y'.repeat(10_000) });
      expect(note.title).toHaveLength(200);
      expect(note.body).toHaveLength(10_000);
      await expect(notes.list(ALICE, { limit: 100 })).resolves.toBeDefined();
      await expect(notes.list(ALICE, { limit: 1 })).resolves.toBeDefined();
    });
  });

  describe('list', () => {
    const OWNER = 'user_pager';

    beforeAll(async () => {
      for (let i = 0; i < 7; i++) await notes.create(OWNER, { title: `page note ${i}` });
      // Same creation instant: the id must break the tie, or pages would overlap or skip.
      const at = new Date('2020-01-01T00:00:00.000Z');
      await prisma.note.createMany({
        data: [0, 1, 2].map((i) => ({ ownerId: OWNER, title: `tied ${i}`, createdAt: at })),
      });
      await notes.create(BOB, { title: 'page note of bob' });
    });

    async function collect(limit: number, onPage?: () => Promise<void>) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 50; pages++) {
        const page = await notes.list(OWNER, { limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((n) => n.title));
        if (!page.nextCursor) return seen;
        cursor = page.nextCursor;
        await onPage?.();
      }
      throw new Error('pagination did not end');
    }

    it('returns only the owner notes, newest first, default 20 per page', async () => {
      const page = await notes.list(OWNER);
      expect(page.items).toHaveLength(10);
      expect(page.nextCursor).toBeNull();
      expect(page.items.map((n) => n.title)).not.toContain('page note of bob');
      const times = page.items.map((n) => n.createdAt.getTime());
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(
        page.items
          .slice(-3)
          .map((n) => n.title)
          .sort(),
      ).toEqual(['tied 0', 'tied 1', 'tied 2']);
    });

    it.each([1, 2, 3, 4, 10])('walks every note exactly once with pages of %i', async (limit) => {
      const seen = await collect(limit);
      expect(seen).toHaveLength(10);
      expect(new Set(seen).size).toBe(10);
    });

    it('accepts cursors at the edges of the time range', async () => {
      const edge = (ms: number) => encodeCursor({ createdAt: new Date(ms), id: randomUUID() });
      const late = await notes.list(OWNER, { cursor: edge(253_402_300_799_999), limit: 100 });
      expect(late.items).toHaveLength(10);
      const early = await notes.list(OWNER, { cursor: edge(0) });
      expect(early.items).toEqual([]);
    });

    it('is stable under inserts: new notes neither repeat nor hide older ones', async () => {
      let added = 0;
      const seen = await collect(3, async () => {
        await notes.create(OWNER, { title: `inserted ${added++}` });
      });
      expect(seen.filter((t) => t.startsWith('inserted'))).toEqual([]);
      expect(new Set(seen).size).toBe(10);
      expect(seen).toHaveLength(10);
      await prisma.note.deleteMany({
        where: { ownerId: OWNER, title: { startsWith: 'inserted' } },
      });
    });

    it('searches title and body case-insensitively, within the owner notes', async () => {
      await notes.create(ALICE, { title: 'Shopping LIST', body: 'milk' });
      await notes.create(ALICE, { title: 'Ideas', body: 'a list of ideas' });
      await notes.create(ALICE, { title: 'Other', body: 'nothing' });
      await notes.create(BOB, { title: 'bob list' });
      const found = await notes.list(ALICE, { search: 'List' });
      expect(found.items.map((n) => n.title).sort()).toEqual(['Ideas', 'Shopping LIST']);
      expect((await notes.list(ALICE, { search: '  ' })).items.length).toBeGreaterThan(2);
    });

    it('treats LIKE wildcards in the search literally', async () => {
      await notes.create(ALICE, { title: '100% sure', body: 'under_score' });
      await notes.create(ALICE, { title: '100 percent', body: 'underXscore' });
      await notes.create(ALICE, { title: 'C:\\path', body: '' });
      expect((await notes.list(ALICE, { search: ':\\p' })).items.map((n) => n.title)).toEqual([
        'C:\\path',
      ]);
      expect((await notes.list(ALICE, { search: '100%' })).items.map((n) => n.title)).toEqual([
        '100% sure',
      ]);
      expect((await notes.list(ALICE, { search: 'under_' })).items.map((n) => n.title)).toEqual([
        '100% sure',
      ]);
      expect((await notes.list(ALICE, { search: '%' })).items.map((n) => n.title)).toEqual([
        '100% sure',
      ]);
    });

    it('combines search and pagination', async () => {
      const first = await notes.list(OWNER, { search: 'PAGE NOTE', limit: 4 });
      expect(first.items).toHaveLength(4);
      const second = await notes.list(OWNER, {
        search: 'page note',
        limit: 4,
        cursor: first.nextCursor!,
      });
      expect(second.items).toHaveLength(3);
      expect(second.nextCursor).toBeNull();
      const titles = [...first.items, ...second.items].map((n) => n.title);
      expect(new Set(titles).size).toBe(7);
      expect(titles.every((t) => t.startsWith('page note'))).toBe(true);
    });
  });

  describe('database unavailable', () => {
    it('turns an unreachable database into NotesUnavailableError', async () => {
      const port = await freePort();
      const offline = await Test.createTestingModule({
        imports: [
          DatabaseModule.forRoot({
            url: `postgresql://postgres:postgres@127.0.0.1:${port}/none`,
            dataDir: '.data',
            embeddedPort: 5433,
          }),
          NotesModule,
        ],
      }).compile();
      try {
        const service = offline.get(NotesService);
        const error = await rejection(service.list(ALICE));
        expect(error).toBeInstanceOf(NotesUnavailableError);
        expect((error as NotesUnavailableError).code).toBe('NOTES_UNAVAILABLE');
        await expect(service.create(ALICE, { title: 'x' })).rejects.toBeInstanceOf(
          NotesUnavailableError,
        );
      } finally {
        await offline.close();
      }
    });

    it('turns a database that goes away under open connections into NotesUnavailableError', async () => {
      const doomed = await startTestDatabase();
      const moduleRef2 = await Test.createTestingModule({
        imports: [
          DatabaseModule.forRoot({ url: doomed.url, dataDir: '.data', embeddedPort: 5433 }),
          NotesModule,
        ],
      }).compile();
      try {
        const service = moduleRef2.get(NotesService);
        await service.create(ALICE, { title: 'before' });
        await doomed.stop();
        for (let i = 0; i < 3; i++) {
          await expect(service.list(ALICE)).rejects.toBeInstanceOf(NotesUnavailableError);
        }
      } finally {
        await moduleRef2.close();
      }
    });
  });
});
