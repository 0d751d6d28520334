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

  it('allows http on loopback in production but not elsewhere', () => {
    const base = { NODE_ENV: 'production' };
    expect(loadResourceConfig('api', base).production).toBe(true);
    expect(() => loadResourceConfig('api', { ...base, API_URL: 'http://api.example.com' })).toThrow(
      /API_URL must be an https/,
    );
    expect(
      loadResourceConfig('api', { ...base, API_URL: 'https://api.example.com' }).publicUrl,
    ).toBe('https://api.example.com');
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
    });
    expect(prod.oauth.dynamicRegistration).toBe(false);
  });

  it('refuses development-only CIMD hosts in production and bad resource lists', () => {
    const prod = {
      NODE_ENV: 'production',
      AUTH_URL: 'https://auth.example',
      BETTER_AUTH_SECRET: 'Zq8rT1wLx5Kp0Vn7Yc3Bj6Hd2Fg9Ms4Ua',
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
