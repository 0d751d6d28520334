import { NoteValidationError } from './notes.errors.js';
import { checkOrganizationId, sharingTarget } from './notes.sharing.js';

describe('sharingTarget', () => {
  it('shares with the active organization, unshares, or leaves the note as it is', () => {
    expect(sharingTarget(true, 'org-1')).toBe('org-1');
    expect(sharingTarget(false, 'org-1')).toBeNull();
    expect(sharingTarget(false, undefined)).toBeNull();
    expect(sharingTarget(undefined, 'org-1')).toBeUndefined();
  });

  it('refuses sharing without an active organization, and a non-boolean, on the field shared', () => {
    for (const [shared, org] of [
      [true, undefined],
      ['true', 'org-1'],
    ] as const) {
      let error: unknown;
      try {
        sharingTarget(shared, org);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(NoteValidationError);
      expect((error as NoteValidationError).field).toBe('shared');
    }
  });
});

describe('checkOrganizationId', () => {
  it('passes ids, null and undefined; refuses anything else', () => {
    expect(checkOrganizationId('org-1')).toBe('org-1');
    expect(checkOrganizationId(null)).toBeNull();
    expect(checkOrganizationId(undefined)).toBeUndefined();
    for (const bad of ['', 7, 'x'.repeat(256), {}]) {
      expect(() => checkOrganizationId(bad)).toThrow(NoteValidationError);
    }
  });
});
