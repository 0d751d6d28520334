/** Scope needed to read notes. */
export const NOTES_READ = 'notes:read';
/** Scope needed to create, change or delete notes. */
export const NOTES_WRITE = 'notes:write';
/** Every notes scope: what the auth server grants, what the resource servers advertise and check. */
export const NOTES_SCOPES = [NOTES_READ, NOTES_WRITE] as const;
/** Each notes scope in the words people see (consent page, OpenAPI "Authorize" dialog). */
export const NOTES_SCOPE_WORDS: Readonly<Record<(typeof NOTES_SCOPES)[number], string>> = {
  [NOTES_READ]: 'Read your notes',
  [NOTES_WRITE]: 'Create, change and delete your notes',
};
