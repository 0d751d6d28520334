import { ConfigError, loadAuthConfig, loadResourceConfig } from './index.js';

describe('libs/config', () => {
  it('applies the contract defaults to an empty environment', () => {
    const auth = loadAuthConfig({});
    expect(auth).toMatchObject({
      port: 3001,
      host: '127.0.0.1',
      baseUrl: 'http://localhost:3001',
      production: false,
    });
    expect(auth.tokenAudience).toEqual(['http://localhost:3000', 'http://localhost:3002']);
    expect(auth.database).toEqual({ url: undefined, dataDir: '.data', embeddedPort: 5433 });
    expect(auth.rateLimit).toBe(true);
    expect(auth.redisKeyPrefix).toBe('auth:');

    const api = loadResourceConfig('api', {});
    expect(api.port).toBe(3000);
    expect(api.jwt).toMatchObject({
      provider: 'local',
      audience: ['http://localhost:3000'],
      clockToleranceS: 5,
    });
    expect(api.jwt.cache).toEqual({
      maxAgeS: 600,
      cooldownS: 30,
      timeoutMs: 5000,
      staleIfErrorS: 86400,
    });
    expect(loadResourceConfig('mcp', {}).jwt.audience).toEqual([
      'http://localhost:3002',
      'http://localhost:3002/mcp',
    ]);
  });

  it('parses numbers, booleans and comma lists', () => {
    const auth = loadAuthConfig({
      AUTH_PORT: '4001',
      REQUIRE_EMAIL_VERIFICATION: 'true',
      TOKEN_AUDIENCE: 'a, b,,c',
    });
    expect(auth.port).toBe(4001);
    expect(auth.requireEmailVerification).toBe(true);
    expect(auth.tokenAudience).toEqual(['a', 'b', 'c']);
    expect(loadAuthConfig({ REQUIRE_EMAIL_VERIFICATION: 'false' }).requireEmailVerification).toBe(
      false,
    );
  });

  it('turns the rate limiter off under NODE_ENV=test unless AUTH_RATE_LIMIT says otherwise', () => {
    expect(loadAuthConfig({ NODE_ENV: 'test' }).rateLimit).toBe(false);
    expect(loadAuthConfig({ NODE_ENV: 'test', AUTH_RATE_LIMIT: 'on' }).rateLimit).toBe(true);
    expect(loadAuthConfig({ AUTH_RATE_LIMIT: 'false' }).rateLimit).toBe(false);
    expect(loadAuthConfig({}).trustedProxies).toEqual([]);
    expect(
      loadAuthConfig({ AUTH_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.1,fd00::/8' }).trustedProxies,
    ).toEqual(['10.0.0.0/8', '192.0.2.1', 'fd00::/8']);
    expect(loadAuthConfig({ REDIS_KEY_PREFIX: 'replica-set-1:' }).redisKeyPrefix).toBe(
      'replica-set-1:',
    );
  });

  it.each([
    [{ REDIS_KEY_PREFIX: 'has space' }, /REDIS_KEY_PREFIX/],
    [{ AUTH_TRUSTED_PROXIES: 'proxy.local' }, /AUTH_TRUSTED_PROXIES/],
    [{ AUTH_RATE_LIMIT: 'maybe' }, /AUTH_RATE_LIMIT/],
    [{ AUTH_PORT: 'abc' }, /AUTH_PORT/],
    [{ AUTH_PORT: '70000' }, /AUTH_PORT/],
    [{ AUTH_URL: 'not a url' }, /AUTH_URL/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ BETTER_AUTH_SECRET: 'short' }, /BETTER_AUTH_SECRET/],
    [{ NODE_ENV: 'production' }, /BETTER_AUTH_SECRET is required/],
    [
      { NODE_ENV: 'production', BETTER_AUTH_SECRET: 'ab'.repeat(20) },
      /BETTER_AUTH_SECRET is too weak/,
    ],
    [
      { NODE_ENV: 'production', BETTER_AUTH_SECRET: 'change-me-please-to-a-real-secret-0123' },
      /BETTER_AUTH_SECRET is too weak/,
    ],
    [
      {
        NODE_ENV: 'production',
        BETTER_AUTH_SECRET: 'kQ9v2Lr7Zp4Xw8Ym3Tn6Bc1Hd5Fg0Js2Ua7Ve4Wx9',
        AUTH_URL: 'http://auth.example.com',
      },
      /AUTH_URL must be an https/,
    ],
    [{ JWT_EXPIRES_IN_S: '3600' }, /JWT_EXPIRES_IN_S/],
  ])('refuses a bad auth environment %j with one line naming the variable', (env, pattern) => {
    let caught: unknown;
    try {
      loadAuthConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(pattern);
    expect((caught as Error).message).not.toContain('\n');
  });

  it.each([
    [{ AUTH_PROVIDER: 'okta' }, /AUTH_PROVIDER must be one of/],
    [{ AUTH_PROVIDER: 'clerk' }, /CLERK_ISSUER is required when AUTH_PROVIDER=clerk/],
    [{ AUTH_PROVIDER: 'auth0', AUTH0_DOMAIN: 'x.auth0.com' }, /JWT_AUDIENCE is required/],
    [{ AUTH_PROVIDER: 'custom', JWKS_URL: 'https://k.example/jwks' }, /JWT_ISSUER is required/],
    [{ JWT_ALGORITHMS: 'HS256' }, /JWT_ALGORITHMS/],
    [{ JWKS_TIMEOUT_MS: '-1' }, /JWKS_TIMEOUT_MS/],
  ])('refuses a bad resource-server environment %j', (env, pattern) => {
    expect(() => loadResourceConfig('api', env)).toThrow(pattern);
  });

  it('refuses a loopback public URL in production unless ALLOW_LOOPBACK_URLS says it is a trial', () => {
    const base = { NODE_ENV: 'production' };
    for (const url of [
      'http://localhost:3000',
      'https://127.0.0.2',
      'http://[::1]:3000',
      'https://api.localhost',
    ]) {
      expect(() => loadResourceConfig('api', { ...base, API_URL: url })).toThrow(
        /^Invalid configuration: API_URL must not be a loopback URL when NODE_ENV=production \(set ALLOW_LOOPBACK_URLS=true/,
      );
    }
    expect(() => loadResourceConfig('mcp', base)).toThrow(/MCP_URL must not be a loopback URL/);
    const trial = { ...base, ALLOW_LOOPBACK_URLS: 'true' };
    expect(loadResourceConfig('api', trial).publicUrl).toBe('http://localhost:3000');
    expect(loadResourceConfig('mcp', trial).publicUrl).toBe('http://localhost:3002');
    // outside production the default loopback URLs need no opt-in
    expect(loadResourceConfig('api', {}).production).toBe(false);
  });

  it('still requires https for other hosts in production, opt-in or not', () => {
    const base = { NODE_ENV: 'production', ALLOW_LOOPBACK_URLS: 'true' };
    expect(() => loadResourceConfig('api', { ...base, API_URL: 'http://api.example.com' })).toThrow(
      /API_URL must be an https/,
    );
    expect(
      loadResourceConfig('api', { ...base, API_URL: 'https://api.example.com' }).publicUrl,
    ).toBe('https://api.example.com');
    expect(() => loadResourceConfig('api', { ALLOW_LOOPBACK_URLS: 'maybe' })).toThrow(
      /ALLOW_LOOPBACK_URLS/,
    );
  });

  describe('auth server in production', () => {
    const production = {
      NODE_ENV: 'production',
      BETTER_AUTH_SECRET: 'kQ9v2Lr7Zp4Xw8Ym3Tn6Bc1Hd5Fg0Js2Ua7Ve4Wx9',
      AUTH_URL: 'https://auth.example.com',
      SMTP_URL: 'smtps://user:pass@smtp.example.com:465',
    };

    it('refuses a loopback AUTH_URL (the issuer of its tokens) unless ALLOW_LOOPBACK_URLS=true', () => {
      expect(() => loadAuthConfig({ ...production, AUTH_URL: 'http://localhost:3001' })).toThrow(
        /^Invalid configuration: AUTH_URL must not be a loopback URL when NODE_ENV=production/,
      );
      expect(() => loadAuthConfig({ ...production, AUTH_URL: 'https://127.0.0.1' })).toThrow(
        /AUTH_URL must not be a loopback URL/,
      );
      expect(
        loadAuthConfig({
          ...production,
          AUTH_URL: 'http://localhost:3001',
          ALLOW_LOOPBACK_URLS: 'true',
        }).baseUrl,
      ).toBe('http://localhost:3001');
    });

    it('refuses to start without SMTP_URL unless MAIL_TRANSPORT=file is explicit', () => {
      const { SMTP_URL: _smtp, ...noSmtp } = production;
      expect(() => loadAuthConfig(noSmtp)).toThrow(
        /^Invalid configuration: SMTP_URL is required when NODE_ENV=production \(or set MAIL_TRANSPORT=file/,
      );
      expect(loadAuthConfig({ ...noSmtp, MAIL_TRANSPORT: 'file' }).mail).toEqual({
        transport: 'file',
        smtpUrl: undefined,
        from: 'no-reply@localhost',
      });
      expect(loadAuthConfig(production).mail).toMatchObject({
        transport: 'smtp',
        smtpUrl: production.SMTP_URL,
      });
    });
  });

  it('picks the mail transport from MAIL_TRANSPORT, else from SMTP_URL, and refuses contradictions', () => {
    expect(loadAuthConfig({}).mail.transport).toBe('file');
    const smtp = 'smtp://127.0.0.1:2525';
    expect(loadAuthConfig({ SMTP_URL: smtp }).mail).toMatchObject({
      transport: 'smtp',
      smtpUrl: smtp,
    });
    expect(() => loadAuthConfig({ MAIL_TRANSPORT: 'smtp' })).toThrow(
      /^Invalid configuration: SMTP_URL is required when MAIL_TRANSPORT=smtp$/,
    );
    expect(() => loadAuthConfig({ MAIL_TRANSPORT: 'file', SMTP_URL: smtp })).toThrow(
      /SMTP_URL is set but MAIL_TRANSPORT=file/,
    );
    expect(() => loadAuthConfig({ MAIL_TRANSPORT: 'carrier-pigeon' })).toThrow(
      /MAIL_TRANSPORT must be one of smtp, file/,
    );
  });

  describe('key sources in production', () => {
    const prod = { NODE_ENV: 'production', ALLOW_LOOPBACK_URLS: 'true' };
    const clerk = {
      AUTH_PROVIDER: 'clerk',
      CLERK_ISSUER: 'https://clerk.example.com',
      CLERK_AUTHORIZED_PARTIES: 'https://app.example.com',
    };

    it.each([
      [{ JWKS_URL: 'http://keys.example.com/jwks' }, 'JWKS_URL'],
      [{ AUTH_URL: 'http://auth.example.com' }, 'AUTH_URL'],
      [{ AUTH_PROVIDER: 'oidc', OIDC_ISSUER: 'http://idp.example.com' }, 'OIDC_ISSUER'],
      [{ ...clerk, CLERK_ISSUER: 'http://clerk.example.com' }, 'CLERK_ISSUER'],
      [
        { AUTH_PROVIDER: 'auth0', AUTH0_DOMAIN: 'http://tenant.example.com', JWT_AUDIENCE: 'a' },
        'AUTH0_DOMAIN',
      ],
      [
        { AUTH_PROVIDER: 'custom', JWKS_URL: 'http://10.0.0.5/jwks', JWT_ISSUER: 'https://i' },
        'JWKS_URL',
      ],
    ])('refuses plain http %j with one line naming %s', (env, variable) => {
      let caught: unknown;
      try {
        loadResourceConfig('api', { ...prod, ...env });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as Error).message).toMatch(
        new RegExp(
          `^Invalid configuration: ${variable} must be an https:// URL when NODE_ENV=production`,
        ),
      );
      expect((caught as Error).message).not.toContain('\n');
      // The same setting is fine outside production (local stand-ins, a dev issuer).
      expect(() => loadResourceConfig('api', env)).not.toThrow();
    });

    it('allows loopback, and internal hosts listed in JWKS_ALLOW_HTTP_HOSTS', () => {
      expect(
        loadResourceConfig('api', { ...prod, JWKS_URL: 'http://127.0.0.1:3001/api/auth/jwks' }).jwt
          .keySources,
      ).toEqual({ requireHttps: true, allowHttpHosts: [] });
      const internal = loadResourceConfig('api', {
        ...prod,
        AUTH_URL: 'https://auth.example.com',
        JWKS_URL: 'http://auth:3001/api/auth/jwks',
        JWKS_ALLOW_HTTP_HOSTS: 'Auth, keys.internal',
      });
      expect(internal.jwt.keySources).toEqual({
        requireHttps: true,
        allowHttpHosts: ['auth', 'keys.internal'],
      });
      expect(() =>
        loadResourceConfig('api', {
          ...prod,
          JWKS_URL: 'http://other:3001/jwks',
          JWKS_ALLOW_HTTP_HOSTS: 'auth',
        }),
      ).toThrow(/JWKS_URL must be an https/);
      expect(loadResourceConfig('api', {}).jwt.keySources.requireHttps).toBe(false);
    });

    it('refuses Clerk without CLERK_AUTHORIZED_PARTIES or JWT_AUDIENCE in production only', () => {
      const unbound = { AUTH_PROVIDER: 'clerk', CLERK_ISSUER: 'https://clerk.example.com' };
      expect(() => loadResourceConfig('api', { ...prod, ...unbound })).toThrow(
        /^Invalid configuration: CLERK_AUTHORIZED_PARTIES \(or JWT_AUDIENCE\) is required when AUTH_PROVIDER=clerk and NODE_ENV=production$/,
      );
      expect(() => loadResourceConfig('api', { ...prod, ...clerk })).not.toThrow();
      expect(() =>
        loadResourceConfig('api', { ...prod, ...unbound, JWT_AUDIENCE: 'https://api.example.com' }),
      ).not.toThrow();
      expect(loadResourceConfig('api', unbound).jwt.clerk.authorizedParties).toBeUndefined();
    });

    it('reads OIDC_JWKS_HOSTS and MCP_ALLOWED_ORIGINS, refusing malformed entries by name', () => {
      const config = loadResourceConfig('mcp', {
        OIDC_JWKS_HOSTS: 'www.GoogleApis.com',
        MCP_ALLOWED_ORIGINS: 'https://App.example.com:443, http://localhost:6274',
      });
      expect(config.jwt.oidc.jwksHosts).toEqual(['www.googleapis.com']);
      expect(config.allowedOrigins).toEqual(['https://app.example.com', 'http://localhost:6274']);
      expect(loadResourceConfig('mcp', {}).allowedOrigins).toEqual([]);
      for (const [name, value] of [
        ['OIDC_JWKS_HOSTS', 'https://www.googleapis.com'],
        ['JWKS_ALLOW_HTTP_HOSTS', 'auth:3001'],
        ['MCP_ALLOWED_ORIGINS', 'https://app.example.com/'],
        ['MCP_ALLOWED_ORIGINS', '*'],
      ]) {
        expect(() => loadResourceConfig('mcp', { [name]: value })).toThrow(
          new RegExp(`: ${name} `),
        );
      }
    });
  });
});

describe('OAuth settings', () => {
  it('defaults registration on outside production and the resources to the api and mcp endpoint', () => {
    const dev = loadAuthConfig({});
    expect(dev.oauth).toMatchObject({
      dynamicRegistration: true,
      accessTokenTtlS: 900,
      refreshTokenTtlS: 2592000,
      resources: ['http://localhost:3000', 'http://localhost:3002/mcp'],
    });
    const prod = loadAuthConfig({
      NODE_ENV: 'production',
      AUTH_URL: 'https://auth.example',
      BETTER_AUTH_SECRET: 'Zq8rT1wLx5Kp0Vn7Yc3Bj6Hd2Fg9Ms4Ua',
      SMTP_URL: 'smtps://mail.example:465',
    });
    expect(prod.oauth.dynamicRegistration).toBe(false);
  });

  it('refuses development-only CIMD hosts in production and bad resource lists', () => {
    const prod = {
      NODE_ENV: 'production',
      AUTH_URL: 'https://auth.example',
      BETTER_AUTH_SECRET: 'Zq8rT1wLx5Kp0Vn7Yc3Bj6Hd2Fg9Ms4Ua',
      SMTP_URL: 'smtps://mail.example:465',
    };
    expect(() => loadAuthConfig({ ...prod, OAUTH_CIMD_PRIVATE_HOSTS: 'localhost' })).toThrow(
      /OAUTH_CIMD_PRIVATE_HOSTS/,
    );
    expect(() => loadAuthConfig({ OAUTH_RESOURCES: 'not a url' })).toThrow(/OAUTH_RESOURCES/);
    expect(() => loadAuthConfig({ OAUTH_ACCESS_TOKEN_TTL_S: '5' })).toThrow(
      /OAUTH_ACCESS_TOKEN_TTL_S/,
    );
  });
});
