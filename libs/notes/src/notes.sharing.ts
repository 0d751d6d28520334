import { NoteValidationError } from './notes.errors.js';

/**
 * Where `shared` sends a note: `true` shares it with the caller's active organization (the token's
 * `org_id`), `false` makes it private again, `undefined` leaves it as it is. Sharing without an
 * active organization is a {@link NoteValidationError} on `shared`, not a silent private note.
 * @returns the `organizationId` to store (`null` = private), or `undefined` for no change
 */
export function sharingTarget(
  shared: unknown,
  activeOrganizationId: string | undefined,
): string | null | undefined {
  if (shared === undefined) return undefined;
  if (typeof shared !== 'boolean')
    throw new NoteValidationError('shared', 'shared must be a boolean');
  if (!shared) return null;
  if (!activeOrganizationId) {
    throw new NoteValidationError(
      'shared',
      'shared needs an active organization (a token with org_id): set one on the auth server',
    );
  }
  return activeOrganizationId;
}

/** An organization id to store: `undefined` (no change), `null` (private) or a non-empty string. */
export function checkOrganizationId(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string' || !value || value.length > 255) {
    throw new NoteValidationError('shared', 'the organization to share with is not an id');
  }
  return value;
}
