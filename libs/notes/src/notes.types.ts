/** A note as callers see it. The owner is implied by who asks; it is never exposed. */
export interface Note {
  id: string;
  title: string;
  body: string;
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

export interface CreateNoteInput {
  title: string;
  body?: string;
}

export interface UpdateNoteInput {
  title?: string;
  body?: string;
}
