/** Base of the errors {@link NotesService} throws on purpose. Each has a stable `code`. */
export abstract class NotesError extends Error {
  abstract readonly code: string;
}

/**
 * The note does not exist, belongs to someone else, or the id is not a note id at all.
 * The three cases are deliberately indistinguishable: callers must not learn that another user's note exists.
 */
export class NoteNotFoundError extends NotesError {
  readonly code = 'NOTE_NOT_FOUND';
  constructor() {
    super('note not found');
    this.name = 'NoteNotFoundError';
  }
}

/** An input that breaks a rule of the notes domain, for callers that bypass DTOs (e.g. MCP tools). */
export class NoteValidationError extends NotesError {
  readonly code = 'NOTE_INVALID';
  /**
   * @param field the offending input (`title`, `body`, `limit`, `cursor`, `search`)
   * @param message a short, safe sentence naming the field
   */
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'NoteValidationError';
  }
}

/** The database cannot be reached right now. Worth retrying later (HTTP 503). */
export class NotesUnavailableError extends NotesError {
  readonly code = 'NOTES_UNAVAILABLE';
  constructor() {
    super('notes are temporarily unavailable');
    this.name = 'NotesUnavailableError';
  }
}
