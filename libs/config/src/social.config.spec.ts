import { ConfigError, loadAuthConfig } from './index.js';

const PROD = {
  NODE_ENV: 'production',
  BETTER_AUTH_SECRET: 'Zq8#kP2$vW9!mN4@xR7^tY1&uB6*cD3%',
  AUTH_URL: 'https://auth.example.com',
  SMTP_URL: 'smtp://mail.example.com',
};

const problem = (env: Record<string, string>): string => {
  try {
    loadAuthConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('social and OpenID Connect sign-in configuration', () => {
  it('is off without variables', () => {
    expect(loadAuthConfig({}).social).toEqual({});
  });

  it('turns each provider on with its id and secret, with the public endpoints by default', () => {
    const { social } = loadAuthConfig({
      GITHUB_CLIENT_ID: 'gh-id',
      GITHUB_CLIENT_SECRET: 'gh-secret',
      GOOGLE_CLIENT_ID: 'g-id',
      GOOGLE_CLIENT_SECRET: 'g-secret',
      OIDC_LOGIN_ISSUER: 'https://idp.example.com/realms/main/',
      OIDC_LOGIN_CLIENT_ID: 'o-id',
      OIDC_LOGIN_CLIENT_SECRET: 'o-secret',
      OIDC_LOGIN_NAME: 'Acme SSO',
    });
    expect(social).toEqual({
      github: {
        clientId: 'gh-id',
        clientSecret: 'gh-secret',
        webUrl: 'https://github.com',
        apiUrl: 'https://api.github.com',
      },
      google: { clientId: 'g-id', clientSecret: 'g-secret', issuer: 'https://accounts.google.com' },
      oidc: {
        clientId: 'o-id',
        clientSecret: 'o-secret',
        issuer: 'https://idp.example.com/realms/main',
        name: 'Acme SSO',
      },
    });
  });

  it.each([
    [{ GITHUB_CLIENT_ID: 'x' }, 'GITHUB_CLIENT_SECRET is required when GITHUB_CLIENT_ID is set'],
    [
      { GITHUB_CLIENT_SECRET: 'x' },
      'GITHUB_CLIENT_ID is required when GITHUB_CLIENT_SECRET is set',
    ],
    [{ GOOGLE_CLIENT_ID: 'x' }, 'GOOGLE_CLIENT_SECRET is required when GOOGLE_CLIENT_ID is set'],
    [{ OIDC_LOGIN_ISSUER: 'https://idp.example.com' }, 'OIDC_LOGIN_CLIENT_ID is required'],
    [
      { OIDC_LOGIN_CLIENT_ID: 'x', OIDC_LOGIN_CLIENT_SECRET: 'y' },
      'OIDC_LOGIN_ISSUER is required when OIDC_LOGIN_CLIENT_ID is set',
    ],
    [
      { OIDC_LOGIN_ISSUER: 'https://idp.example.com', OIDC_LOGIN_CLIENT_ID: 'x' },
      'OIDC_LOGIN_CLIENT_SECRET is required',
    ],
    [{ OIDC_LOGIN_ISSUER: 'not a url' }, 'OIDC_LOGIN_ISSUER must be an http(s) URL'],
  ])('stops a half configuration with one line naming the variable: %o', (env, message) => {
    const text = problem(env);
    expect(text).toContain(message);
    expect(text.split('\n')).toHaveLength(1);
  });

  it('requires https provider URLs when NODE_ENV=production', () => {
    const oidc = { OIDC_LOGIN_CLIENT_ID: 'x', OIDC_LOGIN_CLIENT_SECRET: 'y' };
    expect(problem({ ...PROD, ...oidc, OIDC_LOGIN_ISSUER: 'http://idp.example.com' })).toBe(
      'Invalid configuration: OIDC_LOGIN_ISSUER must be an https:// URL when NODE_ENV=production',
    );
    expect(
      problem({
        ...PROD,
        GITHUB_CLIENT_ID: 'x',
        GITHUB_CLIENT_SECRET: 'y',
        GITHUB_URL: 'http://ghe.example.com',
      }),
    ).toContain('GITHUB_URL must be an https:// URL');
    expect(
      loadAuthConfig({ ...PROD, ...oidc, OIDC_LOGIN_ISSUER: 'https://idp.example.com' }).social.oidc
        ?.issuer,
    ).toBe('https://idp.example.com');
  });
});
