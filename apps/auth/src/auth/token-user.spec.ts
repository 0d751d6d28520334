import { APIError } from 'better-auth/api';
import { currentUserClaims, isBanActive, type TokenUser } from './token-user.js';

const session = (user: Partial<TokenUser> = {}) => ({
  user: {
    id: 'u1',
    email: 'a@example.com',
    emailVerified: true,
    name: 'Ada',
    role: 'user',
    ...user,
  },
});
const status = (error: unknown) => (error instanceof APIError ? error.statusCode : error);

describe('isBanActive', () => {
  it('holds for a ban without expiry or with one ahead, not after it or without a ban', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(isBanActive({ banned: true, banExpires: null }, now)).toBe(true);
    expect(isBanActive({ banned: true, banExpires: new Date(now + 1000) }, now)).toBe(true);
    expect(isBanActive({ banned: true, banExpires: new Date(now - 1000).toISOString() }, now)).toBe(
      false,
    );
    expect(isBanActive({ banned: false }, now)).toBe(false);
    expect(isBanActive({}, now)).toBe(false);
  });
});

describe('currentUserClaims', () => {
  it('builds the claims from the fresh row, not from the session’s copy', async () => {
    const claims = currentUserClaims((id) =>
      Promise.resolve(id === 'u1' ? { ...session().user, role: 'admin' } : null),
    );
    expect(await claims(session({ role: 'user' }))).toMatchObject({ role: 'admin' });
  });

  it('uses the session’s user when there is no cache to distrust', async () => {
    expect(await currentUserClaims()(session({ role: 'admin' }))).toMatchObject({ role: 'admin' });
  });

  it('refuses a deleted or a banned user with a 401', async () => {
    const gone = currentUserClaims(() => Promise.resolve(null));
    expect(status(await gone(session()).catch((e: unknown) => e))).toBe(401);
    const banned = currentUserClaims()(session({ banned: true }));
    expect(status(await banned.catch((e: unknown) => e))).toBe(401);
  });
});
