/** Longest accepted title, in characters (the column is `varchar(200)`). */
export const NOTE_TITLE_MAX = 200;
/** Longest accepted body, in characters. */
export const NOTE_BODY_MAX = 10_000;
/** Page size when the caller gives none. */
export const NOTES_PAGE_DEFAULT = 20;
/** Largest page a caller may ask for. */
export const NOTES_PAGE_MAX = 100;
/** Longest accepted page cursor, in characters (longer is not one this server made). */
export const NOTES_CURSOR_MAX = 128;
/** Longest accepted search text, in characters. */
export const NOTES_SEARCH_MAX = 200;
