import { createJwksProvider } from '#jwt-guard';
import { auth0BaseUrl } from './auth0.provider.js';
import { jwtConfig } from '../../test/jwt-guard.helpers.js';

describe('createJwksProvider from the environment', () => {
  it('local: issuer AUTH_URL, EdDSA, the app audience', async () => {
    const provider = createJwksProvider(jwtConfig({ AUTH_URL: 'https://auth.example.com/' }));
    expect(provider).toMatchObject({ name: 'local', issuer: 'https://auth.example.com' });
    expect(await provider.policy()).toEqual({
      issuer: ['https://auth.example.com'],
      algorithms: ['EdDSA'],
      audience: ['http://localhost:3000'],
    });
  });

  it('clerk: aud checked only when JWT_AUDIENCE is set', async () => {
    const env = { AUTH_PROVIDER: 'clerk', CLERK_ISSUER: 'https://x.clerk.accounts.dev' };
    expect(jwtConfig(env)).toMatchObject({ provider: 'clerk', audience: undefined });
    expect((await createJwksProvider(jwtConfig(env)).policy()).audience).toBeUndefined();
    const withAud = jwtConfig({ ...env, JWT_AUDIENCE: 'https://api.example.com' });
    expect(withAud).toMatchObject({ audience: ['https://api.example.com'] });
    expect((await createJwksProvider(withAud).policy()).audience).toEqual([
      'https://api.example.com',
    ]);
  });

  it('auth0: bare domain → https with trailing-slash issuer; explicit scheme kept', async () => {
    expect(auth0BaseUrl('tenant.eu.auth0.com')).toBe('https://tenant.eu.auth0.com');
    expect(auth0BaseUrl('http://127.0.0.1:4000/')).toBe('http://127.0.0.1:4000');
    const provider = createJwksProvider(
      jwtConfig({ AUTH_PROVIDER: 'auth0', AUTH0_DOMAIN: 'tenant.auth0.com', JWT_AUDIENCE: 'a' }),
    );
    expect(provider.issuer).toBe('https://tenant.auth0.com/');
    expect(await provider.policy()).toMatchObject({ algorithms: ['RS256'], audience: ['a'] });
  });

  it('firebase: securetoken issuer and the project id as the only audience', async () => {
    const provider = createJwksProvider(
      jwtConfig({ AUTH_PROVIDER: 'firebase', FIREBASE_PROJECT_ID: 'p1', JWT_AUDIENCE: 'ignored' }),
    );
    expect(await provider.policy()).toMatchObject({
      issuer: ['https://securetoken.google.com/p1'],
      algorithms: ['RS256'],
      audience: ['p1'],
    });
  });

  it('JWT_ISSUER and JWT_ALGORITHMS override the provider defaults', async () => {
    const provider = createJwksProvider(
      jwtConfig({
        AUTH_PROVIDER: 'auth0',
        AUTH0_DOMAIN: 'tenant.auth0.com',
        JWT_AUDIENCE: 'a',
        JWT_ISSUER: 'https://login.example.com/',
        JWT_ALGORITHMS: 'PS256,RS256',
      }),
    );
    expect(await provider.policy()).toMatchObject({
      issuer: ['https://login.example.com/'],
      algorithms: ['PS256', 'RS256'],
    });
  });

  it('custom: RS256, ES256 and EdDSA unless JWT_ALGORITHMS', async () => {
    const provider = createJwksProvider(
      jwtConfig({ AUTH_PROVIDER: 'custom', JWKS_URL: 'https://k.example/jwks', JWT_ISSUER: 'i' }),
    );
    expect((await provider.policy()).algorithms).toEqual(['RS256', 'ES256', 'EdDSA']);
  });
});
