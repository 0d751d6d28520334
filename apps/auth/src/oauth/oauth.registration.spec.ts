import { isLoopbackRedirect, withRegistrationDefaults } from './oauth.registration.js';
import { withOfflineAccess } from './oauth.offline-access.js';
import { isCorsPath } from './oauth-cors.js';

describe('withRegistrationDefaults', () => {
  it('makes an all-loopback registration without application_type native, with refresh', () => {
    expect(
      withRegistrationDefaults({
        redirect_uris: ['http://127.0.0.1:5000/cb', 'http://localhost:1/x'],
      }),
    ).toEqual({
      redirect_uris: ['http://127.0.0.1:5000/cb', 'http://localhost:1/x'],
      application_type: 'native',
      grant_types: ['authorization_code', 'refresh_token'],
    });
  });

  it('keeps what the client sent, and web redirect URIs stay web', () => {
    const sent = {
      redirect_uris: ['http://127.0.0.1/cb'],
      application_type: 'web',
      grant_types: ['authorization_code'],
    };
    expect(withRegistrationDefaults(sent)).toBeUndefined();
    expect(
      withRegistrationDefaults({
        redirect_uris: ['https://app.example/cb', 'http://127.0.0.1/cb'],
      }),
    ).not.toHaveProperty('application_type');
  });

  it('knows loopback redirect URIs', () => {
    expect(isLoopbackRedirect('http://[::1]:80/cb')).toBe(true);
    expect(isLoopbackRedirect('https://127.0.0.1/cb')).toBe(false);
    expect(isLoopbackRedirect('http://127.0.0.1.example/cb')).toBe(false);
    expect(isLoopbackRedirect(42)).toBe(false);
  });
});

describe('withOfflineAccess', () => {
  it('adds offline_access for clients registered for the refresh grant only', () => {
    expect(withOfflineAccess('notes:read', ['authorization_code', 'refresh_token'])).toBe(
      'notes:read offline_access',
    );
    expect(withOfflineAccess('notes:read', ['authorization_code'])).toBeUndefined();
    expect(withOfflineAccess('offline_access notes:read', ['refresh_token'])).toBeUndefined();
    expect(withOfflineAccess('notes:read', null)).toBeUndefined();
  });
});

describe('isCorsPath', () => {
  it('opens the OAuth endpoints and metadata, not the session routes', () => {
    expect(isCorsPath('/api/auth/oauth2/token')).toBe(true);
    expect(isCorsPath('/.well-known/openid-configuration?x=1')).toBe(true);
    expect(isCorsPath('/api/auth/oauth2/token/')).toBe(true);
    expect(isCorsPath('/api/auth/get-session')).toBe(false);
    expect(isCorsPath('/api/auth/oauth2/consent')).toBe(false);
  });
});
