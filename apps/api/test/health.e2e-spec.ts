import { startTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { freePort } from '../../../test/support/ports.js';
import { startIssuerServer, type IssuerServer } from '../../../test/support/stand-ins/index.js';
import { startApi, type StartedApi } from './api.harness.js';
import { call } from './http.helper.js';

const AUDIENCE = 'https://api.kit.test';

/** Readiness reports each dependency; failures of either never turn into a 5xx on other routes. */
describe('apps/api health when dependencies fail', () => {
  let db: TestDatabase;
  let issuer: IssuerServer;

  const customEnv = () => ({
    AUTH_PROVIDER: 'custom',
    JWKS_URL: issuer.jwksUrl,
    JWT_ISSUER: issuer.baseUrl,
    JWT_AUDIENCE: AUDIENCE,
    JWKS_COOLDOWN_S: '0',
  });
  const mint = (scope = 'notes:read notes:write') =>
    issuer.sign({
      iss: issuer.baseUrl,
      aud: AUDIENCE,
      sub: 'user-1',
      scope,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 300,
    });

  beforeAll(async () => {
    db = await startTestDatabase();
    issuer = await startIssuerServer({ alg: 'ES256' });
  }, 120_000);

  afterAll(async () => {
    await issuer?.close();
    await db?.stop();
  });

  describe('key endpoint down', () => {
    let api: StartedApi;

    beforeAll(async () => {
      issuer.setFault('down');
      api = await startApi({ ...customEnv(), DATABASE_URL: db.url });
    }, 60_000);

    afterAll(async () => {
      issuer.setFault('ok');
      await api?.close();
    });

    it('is live but not ready, and says the keys are down', async () => {
      expect((await call(api.url, 'GET', '/health/live')).status).toBe(200);
      const { status, body } = await call(api.url, 'GET', '/health/ready');
      expect(status).toBe(503);
      expect(body).toMatchObject({ status: 'error', checks: { database: 'up', keys: 'down' } });
    });

    it('answers tokens with 401 invalid_token, not a 5xx', async () => {
      const { status, headers } = await call(api.url, 'GET', '/me', { token: await mint() });
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('becomes ready, and accepts tokens, once the endpoint is back', async () => {
      issuer.setFault('ok');
      const ready = await call(api.url, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.checks).toEqual({ database: 'up', keys: 'up' });
      const me = await call(api.url, 'GET', '/me', { token: await mint() });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ sub: 'user-1', provider: 'custom', issuer: issuer.baseUrl });
    });
  });

  describe('database down', () => {
    let api: StartedApi;

    beforeAll(async () => {
      const closedPort = await freePort();
      api = await startApi({
        ...customEnv(),
        DATABASE_URL: `postgresql://postgres:postgres@127.0.0.1:${closedPort}/nothing`,
      });
    }, 60_000);

    afterAll(async () => {
      await api?.close();
    });

    it('is not ready and says the database is down', async () => {
      const { status, body } = await call(api.url, 'GET', '/health/ready');
      expect(status).toBe(503);
      expect(body).toMatchObject({ status: 'error', checks: { database: 'down', keys: 'up' } });
    });

    it('still serves /me, which needs no database', async () => {
      const { status } = await call(api.url, 'GET', '/me', { token: await mint() });
      expect(status).toBe(200);
    });

    it('answers /notes with 503 and no internals', async () => {
      const { status, body, headers } = await call(api.url, 'GET', '/notes', {
        token: await mint(),
      });
      expect(status).toBe(503);
      expect(headers.get('retry-after')).toBe('5');
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|prisma|stack/i);
    });
  });
});
