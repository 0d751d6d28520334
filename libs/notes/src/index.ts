export { NotesModule } from './notes.module.js';
export { NotesService } from './notes.service.js';
export { sharingTarget } from './notes.sharing.js';
export {
  NoteNotFoundError,
  NoteValidationError,
  NotesError,
  NotesUnavailableError,
} from './notes.errors.js';
export {
  NOTE_BODY_MAX,
  NOTE_TITLE_MAX,
  NOTES_CURSOR_MAX,
  NOTES_PAGE_DEFAULT,
  NOTES_PAGE_MAX,
  NOTES_SEARCH_MAX,
} from './notes.constants.js';
export {
  createNoteFields,
  listNotesFields,
  listNotesQuery,
  noteBody,
  noteId,
  noteInputError,
  noteShared,
  notesCursor,
  notesLimit,
  notesSearch,
  noteTitle,
  updateNoteFields,
} from './notes.input.js';
export type { CreateNoteFields, ListNotesQuery, UpdateNoteFields } from './notes.input.js';
export { NOTES_READ, NOTES_SCOPE_WORDS, NOTES_SCOPES, NOTES_WRITE } from './notes.scopes.js';
export type {
  CreateNoteInput,
  ListNotesOptions,
  Note,
  NotesPage,
  UpdateNoteInput,
} from './notes.types.js';
