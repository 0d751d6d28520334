import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { createTestIssuer, overrideJwtGuard, type TestIssuer } from '#jwt-guard/testing';
import { ReportsAppModule } from './reports.module.js';

/**
 * The worked example of libs/jwt-guard's README: a team's module and its e2e suite, written with
 * the library's public surface and testing kit only. The app's configured issuer is never
 * contacted: one line makes it trust the test issuer instead.
 */
describe('a team module guarded by libs/jwt-guard (examples/reports)', () => {
  const PUBLIC_URL = 'https://reports.example.com';
  let issuer: TestIssuer;
  let app: NestFastifyApplication;
  let base: string;

  const get = async (path: string, token?: string) => {
    const response = await fetch(`${base}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return {
      status: response.status,
      challenge: response.headers.get('www-authenticate') ?? '',
      body: (await response.json()) as Record<string, unknown>,
    };
  };

  beforeAll(async () => {
    issuer = await createTestIssuer({ audience: [PUBLIC_URL] });
    const builder = Test.createTestingModule({
      imports: [
        ReportsAppModule.forRoot({
          issuer: 'https://id.example.com',
          jwksUrl: 'https://id.example.com/.well-known/jwks.json',
          publicUrl: PUBLIC_URL,
        }),
      ],
    });
    const moduleRef = await overrideJwtGuard(builder, issuer).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  it('serves a token with the route scope, and hands the handler the caller', async () => {
    const token = await issuer.mint({ sub: 'alice', scopes: ['reports:read'] });
    const response = await get('/reports', token);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ owner: 'alice' });
  });

  it('answers no token with 401 and a challenge naming the realm', async () => {
    const response = await get('/reports');
    expect(response.status).toBe(401);
    expect(response.challenge).toBe(`Bearer realm="${PUBLIC_URL}"`);
  });

  it('answers a token without the scope with 403 insufficient_scope naming it', async () => {
    const response = await get('/reports', await issuer.mint({ scopes: ['reports:write'] }));
    expect(response.status).toBe(403);
    expect(response.challenge).toContain('error="insufficient_scope"');
    expect(response.challenge).toContain('scope="reports:read"');
  });

  it('gates on roles', async () => {
    expect((await get('/reports/audit', await issuer.mint({ roles: ['user'] }))).status).toBe(403);
    const auditor = await get('/reports/audit', await issuer.mint({ roles: ['user', 'auditor'] }));
    expect(auditor).toMatchObject({ status: 200, body: { roles: ['user', 'auditor'] } });
  });

  it.each([
    ['expired', () => issuer.expired({ scopes: ['reports:read'] }), 'token expired'],
    ['for another audience', () => issuer.wrongAudience({ scopes: ['reports:read'] }), ''],
    ['signed by an unpublished key', () => issuer.wrongKey({ scopes: ['reports:read'] }), ''],
    ['from another issuer', () => issuer.wrongIssuer({ scopes: ['reports:read'] }), ''],
  ])('refuses a token %s with 401 invalid_token', async (_case, token, description) => {
    const response = await get('/reports', await token());
    expect(response.status).toBe(401);
    expect(response.challenge).toContain('error="invalid_token"');
    if (description) expect(response.challenge).toContain(`error_description="${description}"`);
    expect(JSON.stringify(response.body)).not.toMatch(/stack|at \w+ \(/);
  });

  it('lets @Public() routes through without a token', async () => {
    expect(await get('/reports/status')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
