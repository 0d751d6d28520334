/** A note as callers see it. The owner is never exposed. */
export interface Note {
  id: string;
  title: string;
  body: string;
  /** The organization the note is shared with (read-only for its members), or null: private. */
  organizationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Options of {@link NotesService.list}. */
export interface ListNotesOptions {
  /** Case-insensitive text to find in the title or body. */
  search?: string;
  /** Page size, 1..100 (default 20). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page of notes, newest first. `nextCursor` is null on the last page. */
export interface NotesPage {
  items: Note[];
  nextCursor: string | null;
}

/** `organizationId`: the caller's active organization to share with (see `sharingTarget`). */
export interface CreateNoteInput {
  title: string;
  body?: string;
  organizationId?: string | null;
}

/** `organizationId`: share with that organization, `null` to stop sharing, absent: unchanged. */
export interface UpdateNoteInput {
  title?: string;
  body?: string;
  organizationId?: string | null;
}
