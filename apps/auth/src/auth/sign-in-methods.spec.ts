import { methodsFor, parseAmr, passkeyAmr, SIGN_IN_METHODS } from './sign-in-methods.js';

const withPasskey = (row: object | null) => ({
  context: { adapter: { findOne: <T>() => Promise.resolve(row as T | null) } },
});

describe('sign-in methods', () => {
  it('names RFC 8176 methods per sign-in endpoint', () => {
    expect(SIGN_IN_METHODS['/sign-in/email']).toEqual(['pwd']);
    expect(SIGN_IN_METHODS['/sign-up/email']).toEqual(['pwd']);
    expect(SIGN_IN_METHODS['/two-factor/verify-totp']).toEqual(['pwd', 'otp']);
    expect(SIGN_IN_METHODS['/two-factor/verify-backup-code']).toEqual(['pwd', 'otp']);
    expect(SIGN_IN_METHODS['/callback/:id']).toEqual(['fed']);
    expect(SIGN_IN_METHODS['/oauth2/callback/:providerId']).toEqual(['fed']);
  });

  it('tells a synced passkey (swk) from a device-bound one (hwk)', () => {
    expect(passkeyAmr({ deviceType: 'multiDevice', backedUp: true })).toBe('swk');
    expect(passkeyAmr({ deviceType: 'multiDevice', backedUp: false })).toBe('swk');
    expect(passkeyAmr({ deviceType: 'singleDevice', backedUp: false })).toBe('hwk');
    expect(passkeyAmr(null)).toBe('hwk');
  });

  it('reads the passkey a passkey sign-in used', async () => {
    const ctx = (row: object | null) => ({
      path: '/passkey/verify-authentication',
      body: { response: { id: 'cred' } },
      ...withPasskey(row),
    });
    expect(await methodsFor(ctx({ deviceType: 'multiDevice' }))).toEqual(['swk']);
    expect(await methodsFor(ctx({ deviceType: 'singleDevice' }))).toEqual(['hwk']);
  });

  it('records nothing for endpoints that are no sign-in, or outside a request', async () => {
    expect(await methodsFor({ path: '/change-password', ...withPasskey(null) })).toBeUndefined();
    expect(await methodsFor({ path: 'toString', ...withPasskey(null) })).toBeUndefined();
    expect(await methodsFor(null)).toBeUndefined();
  });

  it('stores methods space-separated', () => {
    expect(parseAmr('pwd otp')).toEqual(['pwd', 'otp']);
    expect(parseAmr(null)).toEqual([]);
    expect(parseAmr('')).toEqual([]);
  });
});
