import { organizationClaims, withOrganizationClaims } from './organization.claims.js';
import { invitationUrl } from './organizations.plugin.js';

const roles: Record<string, string> = { 'org-1|u1': 'admin' };
const findRole = (organizationId: string, userId: string) =>
  Promise.resolve(roles[`${organizationId}|${userId}`] ?? null);

describe('organizationClaims', () => {
  it('names the organization and the role read for this mint', async () => {
    expect(await organizationClaims(findRole)('u1', 'org-1')).toEqual({
      org_id: 'org-1',
      org_role: 'admin',
    });
  });

  it('is empty without an active organization or once the user is no member', async () => {
    const claims = organizationClaims(findRole);
    expect(await claims('u1', null)).toEqual({});
    expect(await claims('u1', undefined)).toEqual({});
    expect(await claims('u2', 'org-1')).toEqual({});
  });
});

describe('withOrganizationClaims', () => {
  const user = { id: 'u1', email: 'a@example.com' };

  it('adds the claims of the session’s active organization to the user claims', async () => {
    const define = withOrganizationClaims(() => Promise.resolve({ role: 'user' }), findRole);
    expect(await define({ user, session: { activeOrganizationId: 'org-1' } })).toEqual({
      role: 'user',
      org_id: 'org-1',
      org_role: 'admin',
    });
    expect(await define({ user, session: {} })).toEqual({ role: 'user' });
  });

  it('never asks for the role when the user claims refuse the session', async () => {
    let asked = false;
    const define = withOrganizationClaims(
      () => Promise.reject(new Error('banned')),
      () => {
        asked = true;
        return Promise.resolve('owner');
      },
    );
    await expect(define({ user, session: { activeOrganizationId: 'org-1' } })).rejects.toThrow(
      'banned',
    );
    expect(asked).toBe(false);
  });
});

describe('invitationUrl', () => {
  it('points at the hosted accept page of AUTH_URL with the id escaped', () => {
    expect(invitationUrl('https://auth.example.com', 'a b&c')).toBe(
      'https://auth.example.com/accept-invitation?id=a+b%26c',
    );
  });
});
