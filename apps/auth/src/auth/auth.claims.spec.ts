import { tokenClaims } from './auth.claims.js';

describe('tokenClaims', () => {
  it('keeps only the documented claims, whatever the user record holds', () => {
    const user = {
      id: 'u1',
      email: 'a@example.com',
      emailVerified: true,
      name: 'Ada',
      role: 'admin',
      image: 'https://img',
      createdAt: new Date(),
      password: 'never',
    };
    expect(tokenClaims({ user })).toEqual({
      email: 'a@example.com',
      email_verified: true,
      name: 'Ada',
      role: 'admin',
      scope: 'notes:read notes:write',
    });
  });

  it('defaults a missing role to "user"', () => {
    expect(tokenClaims({ user: { email: 'b@x', emailVerified: false, name: 'B' } }).role).toBe(
      'user',
    );
  });
});
