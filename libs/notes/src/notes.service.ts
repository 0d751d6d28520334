import { Injectable, Logger } from '@nestjs/common';
import { isDatabaseUnavailable, PrismaService } from '#database';
import type { Prisma } from '#prisma';
import { decodeCursor, encodeCursor, isUuid } from './notes.cursor.js';
import { NoteNotFoundError, NoteValidationError, NotesUnavailableError } from './notes.errors.js';
import type {
  CreateNoteInput,
  ListNotesOptions,
  Note,
  NotesPage,
  UpdateNoteInput,
} from './notes.types.js';
import { checkOrganizationId } from './notes.sharing.js';
import {
  checkBody,
  checkCursor,
  checkLimit,
  checkSearch,
  checkTitle,
  NOTE_CHANGE_NEEDED,
} from './notes.input.js';

/** The columns callers see: never `ownerId`. */
const PUBLIC_FIELDS = {
  id: true,
  title: true,
  body: true,
  organizationId: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.NoteSelect;

/** Newest first, with the id as tie-breaker so the order is total and pages never overlap. */
const ORDER: Prisma.NoteOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }];

/** Prisma's `contains` becomes `ILIKE '%…%'` without escaping: make `%`, `_` and `\` match themselves. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function isRecordNotFound(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 'P2025';
}

/**
 * Notes owned by a subject (the token's `sub`). Every method takes the owner first and only ever
 * touches that owner's notes; someone else's note behaves exactly like a missing one. The one
 * exception is reading: a note the owner shared with an organization is readable by the members
 * acting in it ({@link listShared}, {@link get} with an organization id); writes stay the owner's.
 * Inputs are validated here too, so callers that bypass DTOs (MCP tools) get the same rules.
 */
@Injectable()
export class NotesService {
  private readonly logger = new Logger(NotesService.name);

  constructor(private readonly prisma: PrismaService) {}

  /** Runs a query; a database that cannot be reached becomes {@link NotesUnavailableError}. */
  private async query<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.logger.warn(`database unavailable: ${(error as Error).message.split('\n').at(-1)}`);
      throw new NotesUnavailableError();
    }
  }

  /** A page of the owner's notes, newest first, optionally filtered by a case-insensitive search. */
  list(ownerId: string, options: ListNotesOptions = {}): Promise<NotesPage> {
    return this.page({ ownerId }, options);
  }

  /**
   * A page of the notes shared with an organization (by any of its members, the caller included),
   * newest first. The caller passes the organization of their verified token only.
   */
  listShared(organizationId: string, options: ListNotesOptions = {}): Promise<NotesPage> {
    return this.page({ organizationId }, options);
  }

  private async page(scope: Prisma.NoteWhereInput, options: ListNotesOptions): Promise<NotesPage> {
    const limit = checkLimit(options.limit);
    const search = checkSearch(options.search);
    const cursor = checkCursor(options.cursor);
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const where: Prisma.NoteWhereInput = { ...scope };
    const and: Prisma.NoteWhereInput[] = [];
    if (search) {
      const contains = likeLiteral(search);
      and.push({
        OR: [
          { title: { contains, mode: 'insensitive' } },
          { body: { contains, mode: 'insensitive' } },
        ],
      });
    }
    if (after) {
      // Strictly after the cursor in (createdAt desc, id desc) order: inserts never shift a page.
      and.push({
        OR: [
          { createdAt: { lt: after.createdAt } },
          { createdAt: after.createdAt, id: { lt: after.id } },
        ],
      });
    }
    if (and.length) where.AND = and;
    const rows = await this.query(() =>
      this.prisma.note.findMany({ where, orderBy: ORDER, take: limit + 1, select: PUBLIC_FIELDS }),
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /**
   * One of the owner's notes or, with `organizationId` (the caller's active organization), a note
   * shared with that organization; else {@link NoteNotFoundError}.
   */
  async get(ownerId: string, id: string, organizationId?: string): Promise<Note> {
    if (!isUuid(id)) throw new NoteNotFoundError();
    const visible: Prisma.NoteWhereInput = organizationId
      ? { OR: [{ ownerId }, { organizationId }] }
      : { ownerId };
    const note = await this.query(() =>
      this.prisma.note.findFirst({
        where: { id: id.toLowerCase(), ...visible },
        select: PUBLIC_FIELDS,
      }),
    );
    if (!note) throw new NoteNotFoundError();
    return note;
  }

  /** Creates a note owned by `ownerId`. */
  async create(ownerId: string, input: CreateNoteInput): Promise<Note> {
    const data = {
      ownerId,
      title: checkTitle(input?.title),
      body: input?.body === undefined ? '' : checkBody(input.body),
      organizationId: checkOrganizationId(input?.organizationId) ?? null,
    };
    return this.query(() => this.prisma.note.create({ data, select: PUBLIC_FIELDS }));
  }

  /** Changes the given fields of one of the owner's notes. */
  async update(ownerId: string, id: string, input: UpdateNoteInput): Promise<Note> {
    const data: Prisma.NoteUpdateInput = {};
    if (input?.title !== undefined) data.title = checkTitle(input.title);
    if (input?.body !== undefined) data.body = checkBody(input.body);
    const organizationId = checkOrganizationId(input?.organizationId);
    if (organizationId !== undefined) data.organizationId = organizationId;
    if (!isUuid(id)) throw new NoteNotFoundError();
    if (!Object.keys(data).length) {
      throw new NoteValidationError('title', NOTE_CHANGE_NEEDED);
    }
    try {
      return await this.query(() =>
        this.prisma.note.update({
          where: { id: id.toLowerCase(), ownerId },
          data,
          select: PUBLIC_FIELDS,
        }),
      );
    } catch (error) {
      if (isRecordNotFound(error)) throw new NoteNotFoundError();
      throw error;
    }
  }

  /** Deletes one of the owner's notes. */
  async remove(ownerId: string, id: string): Promise<void> {
    if (!isUuid(id)) throw new NoteNotFoundError();
    const { count } = await this.query(() =>
      this.prisma.note.deleteMany({ where: { id: id.toLowerCase(), ownerId } }),
    );
    if (count === 0) throw new NoteNotFoundError();
  }

  /** Deletes every note of the owner; returns how many there were. */
  async removeAll(ownerId: string): Promise<number> {
    const { count } = await this.query(() => this.prisma.note.deleteMany({ where: { ownerId } }));
    return count;
  }
}
