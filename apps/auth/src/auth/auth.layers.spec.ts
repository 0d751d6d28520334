import { loadAuthConfig } from '#config';
import { accountLimiter, memoryCounter } from './account-limit.js';
import { layeredHooks } from './auth.layers.js';

function hooksWith(rateLimit: boolean) {
  const config = loadAuthConfig({
    AUTH_URL: 'http://localhost:3001',
    AUTH_RATE_LIMIT: String(rateLimit),
  });
  const { hooks } = layeredHooks({
    config,
    limitAccount: accountLimiter(memoryCounter()),
    revokeResetTokens: () => Promise.resolve(),
  });
  const before = (ctx: object) => hooks.before[0].matcher(ctx);
  const after = (ctx: object) => hooks.after[0].matcher(ctx);
  return { before, after };
}

describe('layeredHooks', () => {
  it('runs its before hook on every request with a body object, and only on those', () => {
    const { before } = hooksWith(true);
    expect(before({ path: '/sign-in/email', body: { email: 'a@example.com' } })).toBe(true);
    expect(before({ path: '/update-user', body: { image: 'javascript:alert(1)' } })).toBe(true);
    expect(before({ path: '/oauth2/token', body: { grant_type: 'refresh_token' } })).toBe(true);
    expect(before({ path: '/token' })).toBe(false);
    expect(before({ path: '/get-session', body: undefined })).toBe(false);
  });

  it('runs its after hook on password changes and, with rate limits on, on account-limited paths', () => {
    const limited = hooksWith(true);
    const unlimited = hooksWith(false);
    for (const path of ['/change-password', '/admin/set-user-password']) {
      expect(limited.after({ path })).toBe(true);
      expect(unlimited.after({ path })).toBe(true);
    }
    expect(limited.after({ path: '/sign-in/email' })).toBe(true);
    expect(unlimited.after({ path: '/sign-in/email' })).toBe(false);
    expect(limited.after({ path: '/token' })).toBe(false);
    expect(limited.after({ path: '/oauth2/token' })).toBe(false);
  });
});
