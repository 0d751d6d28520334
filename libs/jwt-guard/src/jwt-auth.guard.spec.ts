import { jest } from '@jest/globals';
import {
  Controller,
  ForbiddenException,
  Get,
  Injectable,
  Module,
  UseGuards,
  type INestApplication,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { JWTPayload } from 'jose';
import { apiConfig, loadResourceConfig, providerSettings, type ApiConfig } from '#config';
import {
  Claims,
  CurrentUser,
  JwtAuthGuard,
  JwtGuardModule,
  Public,
  RequireScopes,
  RequireVerifiedEmail,
  Roles,
  type GuardedRequest,
  type Principal,
} from '#jwt-guard';
import { configureApp } from '#platform';
import {
  nowS,
  startIssuerServer,
  type IssuerServer,
} from '../../../test/support/stand-ins/index.js';

const AUD = 'https://api.test';

@Controller()
class ProbeController {
  @Get('me')
  me(@CurrentUser() user: Principal, @Claims() claims: JWTPayload) {
    return { sub: user.sub, provider: user.provider, claimSub: claims.sub };
  }

  @RequireScopes('notes:write', 'notes:read')
  @Get('write')
  write() {
    return { ok: true };
  }

  @Roles('admin', 'org:admin')
  @Get('admin')
  admin() {
    return { ok: true };
  }

  @RequireVerifiedEmail()
  @Get('verified')
  verified(@CurrentUser() user: Principal) {
    return { email: user.email };
  }

  @Public()
  @Get('open')
  open(@CurrentUser() user: Principal | undefined) {
    return { ok: true, user: user ?? null };
  }
}

@Public()
@Controller('public')
class PublicController {
  @Get()
  index() {
    return { ok: true };
  }
}

@Controller('explicit')
@UseGuards(JwtAuthGuard)
class ExplicitController {
  @Get()
  index(@CurrentUser() user: Principal) {
    return { sub: user.sub };
  }
}

async function listen(app: INestApplication): Promise<string> {
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

async function call(base: string, path: string, authorization?: string) {
  const response = await fetch(`${base}${path}`, {
    headers: authorization === undefined ? {} : { authorization },
  });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('JwtAuthGuard through a Fastify app (forRoot, global guard)', () => {
  let issuer: IssuerServer;
  let app: INestApplication;
  let base: string;
  const token = (extra: JWTPayload = {}, exp = nowS() + 60) =>
    issuer.sign({ iss: issuer.baseUrl, aud: AUD, sub: 'user-1', iat: nowS(), exp, ...extra });

  beforeAll(async () => {
    issuer = await startIssuerServer({ alg: 'EdDSA' });
    const jwt = providerSettings(
      loadResourceConfig('api', {
        API_URL: AUD,
        AUTH_URL: issuer.baseUrl,
        JWKS_URL: issuer.jwksUrl,
      }).jwt,
    );
    const module = await Test.createTestingModule({
      imports: [JwtGuardModule.forRoot({ provider: jwt })],
      controllers: [ProbeController, PublicController],
    }).compile();
    app = module.createNestApplication(new FastifyAdapter());
    base = await listen(app);
  });
  afterAll(async () => {
    await app.close();
    await issuer.close();
  });

  it('answers a request without a token with 401 and a bare challenge', async () => {
    const res = await call(base, '/me');
    expect(res.status).toBe(401);
    expect(res.challenge).toBe(`Bearer realm="${AUD}"`);
    expect(res.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'authentication required',
    });
  });

  it('treats another scheme as no token', async () => {
    const res = await call(base, '/me', 'Basic dXNlcjpwYXNz');
    expect(res.status).toBe(401);
    expect(res.challenge).toBe(`Bearer realm="${AUD}"`);
  });

  it.each([
    ['garbage', 'Bearer not.a.jwt'],
    ['two tokens', 'Bearer aaa.bbb.ccc ddd.eee.fff'],
    ['an empty bearer', 'Bearer '],
    ['a comma list', 'Bearer aaa.bbb.ccc,ddd'],
  ])('answers %s with 401 invalid_token', async (_name, authorization) => {
    const res = await call(base, '/me', authorization);
    expect(res.status).toBe(401);
    expect(res.challenge).toBe(
      `Bearer realm="${AUD}", error="invalid_token", error_description="invalid token"`,
    );
    expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'invalid token' });
  });

  it('says "token expired" for an expired token', async () => {
    const res = await call(base, '/me', `Bearer ${await token({}, nowS() - 60)}`);
    expect(res.status).toBe(401);
    expect(res.challenge).toBe(
      `Bearer realm="${AUD}", error="invalid_token", error_description="token expired"`,
    );
  });

  it('lets a valid token through and gives handlers the principal and claims', async () => {
    const res = await call(base, '/me', `Bearer ${await token()}`);
    expect(res).toMatchObject({
      status: 200,
      body: { sub: 'user-1', provider: 'local', claimSub: 'user-1' },
    });
    const lower = await call(base, '/me', `bearer ${await token()}`);
    expect(lower.status).toBe(200);
  });

  it('answers a missing scope with 403 insufficient_scope naming the scopes', async () => {
    const res = await call(base, '/write', `Bearer ${await token({ scope: 'notes:read' })}`);
    expect(res.status).toBe(403);
    expect(res.challenge).toBe(
      `Bearer realm="${AUD}", error="insufficient_scope", error_description="insufficient scope", scope="notes:write notes:read"`,
    );
    expect(res.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'insufficient scope',
    });
    const ok = await call(
      base,
      '/write',
      `Bearer ${await token({ scope: 'notes:read notes:write' })}`,
    );
    expect(ok.status).toBe(200);
  });

  it('needs one of the @Roles', async () => {
    const none = await call(base, '/admin', `Bearer ${await token({ role: 'user' })}`);
    expect(none.status).toBe(403);
    expect(none.challenge).toContain('error="insufficient_scope"');
    expect(none.challenge).not.toContain('scope="');
    const admin = await call(base, '/admin', `Bearer ${await token({ role: 'user admin' })}`);
    expect(admin.status).toBe(200);
    // Clerk's org_role is Clerk's claim: another provider's token cannot grant a role with it.
    const clerk = await call(base, '/admin', `Bearer ${await token({ org_role: 'org:admin' })}`);
    expect(clerk.status).toBe(403);
  });

  it('answers @RequireVerifiedEmail without a verified address with 403 email_not_verified', async () => {
    const expected = `Bearer realm="${AUD}", error="email_not_verified", error_description="a verified email address is required"`;
    for (const claims of [
      {},
      { email: 'u@example.com' },
      { email: 'u@example.com', email_verified: false },
      { email: 'u@example.com', email_verified: 'true' },
      { email_verified: true },
    ]) {
      const bearer = `Bearer ${await token(claims)}`;
      for (let i = 0; i < 2; i++) {
        // the second time from the verified-token cache: still refused
        const res = await call(base, '/verified', bearer);
        expect({ claims, status: res.status, challenge: res.challenge }).toEqual({
          claims,
          status: 403,
          challenge: expected,
        });
        expect(res.body).toEqual({
          statusCode: 403,
          error: 'Forbidden',
          message: 'a verified email address is required',
        });
      }
      expect((await call(base, '/me', bearer)).status).toBe(200);
    }
    const ok = await call(
      base,
      '/verified',
      `Bearer ${await token({ email: 'v@example.com', email_verified: true })}`,
    );
    expect(ok).toMatchObject({ status: 200, body: { email: 'v@example.com' } });
  });

  it('checks scopes and roles again when a token it verified before comes back', async () => {
    const readOnly = `Bearer ${await token({ scope: 'notes:read' })}`;
    for (let i = 0; i < 3; i++) {
      expect(await call(base, '/me', readOnly)).toMatchObject({
        status: 200,
        body: { sub: 'user-1', claimSub: 'user-1' },
      });
      const write = await call(base, '/write', readOnly);
      expect(write.status).toBe(403);
      expect(write.challenge).toContain('scope="notes:write notes:read"');
      expect((await call(base, '/admin', readOnly)).status).toBe(403);
      expect((await call(base, '/public', readOnly)).status).toBe(200);
    }
  });

  it('knows a token it verified before whatever the spelling, and no string but that token', async () => {
    const raw = await token({ sub: 'user-7' });
    expect((await call(base, '/me', `Bearer ${raw}`)).status).toBe(200); // verified; cached from its second use
    // (a trailing space would not reach the guard: HTTP trims header values)
    for (const spelling of [`bearer ${raw}`, `Bearer   ${raw}`, `BEARER ${raw}`]) {
      expect(await call(base, '/me', spelling)).toMatchObject({
        status: 200,
        body: { sub: 'user-7' },
      });
    }
    // a signature character that carries only signature bits (the last one also carries padding)
    const flipped = raw.at(-10) === 'A' ? 'B' : 'A';
    const tampered = `${raw.slice(0, -10)}${flipped}${raw.slice(-9)}`;
    for (const variant of [`${raw}=`, tampered, `${raw}.x`]) {
      const res = await call(base, '/me', `Bearer ${variant}`);
      expect(res.status).toBe(401);
      expect(res.challenge).toContain('error="invalid_token"');
    }
  });

  it('finds a token it verified before in a plain Bearer header without parsing the header', async () => {
    const raw = await token({ sub: 'user-8' });
    // verified twice (the cache keeps a token from its second use), now cached
    for (let i = 0; i < 2; i++) expect((await call(base, '/me', `Bearer ${raw}`)).status).toBe(200);
    const strictParse = jest.spyOn(
      JwtAuthGuard.prototype as unknown as { extractToken: (request: GuardedRequest) => string },
      'extractToken',
    );
    try {
      expect((await call(base, '/me', `Bearer ${raw}`)).body).toMatchObject({ sub: 'user-8' });
      expect(strictParse).not.toHaveBeenCalled();
      expect((await call(base, '/me', `bearer ${raw}`)).body).toMatchObject({ sub: 'user-8' });
      expect(strictParse).toHaveBeenCalledTimes(1);
    } finally {
      strictParse.mockRestore();
    }
  });

  it('lets @Public routes and controllers through without a token', async () => {
    expect(await call(base, '/open')).toMatchObject({
      status: 200,
      body: { ok: true, user: null },
    });
    expect((await call(base, '/public')).status).toBe(200);
    // A bad token on a public route is ignored, not refused.
    expect((await call(base, '/open', 'Bearer junk')).status).toBe(200);
  });
});

describe('JwtAuthGuard (forRootAsync from ConfigModule, MCP-style challenge)', () => {
  let issuer: IssuerServer;
  let app: INestApplication;
  let base: string;
  const metadata = 'https://mcp.test/.well-known/oauth-protected-resource';

  beforeAll(async () => {
    issuer = await startIssuerServer({ alg: 'RS256' });
    const env = {
      AUTH_PROVIDER: 'custom',
      JWKS_URL: issuer.jwksUrl,
      JWT_ISSUER: issuer.baseUrl,
      JWT_AUDIENCE: AUD,
    };
    const module = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [apiConfig] }),
        JwtGuardModule.forRootAsync({
          inject: [apiConfig.KEY],
          useFactory: (config: ApiConfig) => ({
            provider: providerSettings(config.jwt),
            realm: 'mcp',
            resourceMetadataUrl: metadata,
          }),
        }),
      ],
      controllers: [ProbeController],
    })
      .overrideProvider(apiConfig.KEY)
      .useValue(loadResourceConfig('api', env))
      .compile();
    app = module.createNestApplication(new FastifyAdapter());
    base = await listen(app);
  });
  afterAll(async () => {
    await app.close();
    await issuer.close();
  });

  it('adds resource_metadata to every challenge', async () => {
    expect((await call(base, '/me')).challenge).toBe(
      `Bearer realm="mcp", resource_metadata="${metadata}"`,
    );
    expect((await call(base, '/me', 'Bearer x.y.z')).challenge).toBe(
      `Bearer realm="mcp", error="invalid_token", error_description="invalid token", resource_metadata="${metadata}"`,
    );
  });

  it('verifies with the provider the async config names', async () => {
    const token = await issuer.sign({
      iss: issuer.baseUrl,
      aud: AUD,
      sub: 'async-user',
      exp: nowS() + 60,
    });
    expect(await call(base, '/me', `Bearer ${token}`)).toMatchObject({
      status: 200,
      body: { sub: 'async-user', provider: 'custom' },
    });
  });
});

describe('JwtGuardModule with globalGuard: false', () => {
  it('leaves routes open and lets @UseGuards(JwtAuthGuard) protect chosen ones', async () => {
    const issuer = await startIssuerServer({ alg: 'EdDSA' });
    @Module({
      imports: [
        JwtGuardModule.forRoot({
          provider: providerSettings(
            loadResourceConfig('api', {
              API_URL: AUD,
              JWKS_URL: issuer.jwksUrl,
              AUTH_URL: issuer.baseUrl,
            }).jwt,
          ),
          globalGuard: false,
        }),
      ],
      controllers: [ProbeController, ExplicitController],
    })
    class OptInModule {}
    const module = await Test.createTestingModule({ imports: [OptInModule] }).compile();
    const app = module.createNestApplication(new FastifyAdapter());
    try {
      const base = await listen(app);
      expect((await call(base, '/write')).status).toBe(200);
      expect((await call(base, '/explicit')).status).toBe(401);
      const token = await issuer.sign({
        iss: issuer.baseUrl,
        aud: AUD,
        sub: 'u2',
        exp: nowS() + 60,
      });
      expect(await call(base, '/explicit', `Bearer ${token}`)).toMatchObject({
        status: 200,
        body: { sub: 'u2' },
      });
    } finally {
      await app.close();
      await issuer.close();
    }
  });
});

describe('JwtAuthGuard subclassed through its protected hooks', () => {
  @Injectable()
  class TeamGuard extends JwtAuthGuard {
    protected override extractToken(request: GuardedRequest): string {
      const alt = request.headers['x-api-token'];
      return typeof alt === 'string' ? alt : super.extractToken(request);
    }

    protected override onVerified(principal: Principal): void {
      if (principal.sub === 'suspended') throw new ForbiddenException('account suspended');
    }
  }

  it("uses the overridden hooks and keeps the app's own HttpException", async () => {
    const issuer = await startIssuerServer({ alg: 'EdDSA' });
    const jwt = providerSettings(
      loadResourceConfig('api', {
        API_URL: AUD,
        JWKS_URL: issuer.jwksUrl,
        AUTH_URL: issuer.baseUrl,
      }).jwt,
    );
    const module = await Test.createTestingModule({
      imports: [JwtGuardModule.forRoot({ provider: jwt, globalGuard: false })],
      controllers: [ProbeController],
      providers: [TeamGuard, { provide: APP_GUARD, useExisting: TeamGuard }],
    }).compile();
    const app = module.createNestApplication(new FastifyAdapter());
    try {
      const base = await listen(app);
      const sign = (sub: string) =>
        issuer.sign({ iss: issuer.baseUrl, aud: AUD, sub, exp: nowS() + 60 });
      const viaHeader = await fetch(`${base}/me`, { headers: { 'x-api-token': await sign('u3') } });
      expect(viaHeader.status).toBe(200);
      expect(await viaHeader.json()).toMatchObject({ sub: 'u3' });
      const suspendedToken = `Bearer ${await sign('suspended')}`;
      for (let i = 0; i < 2; i++) {
        // the second time from the verified-token cache: the hook still runs
        const suspended = await call(base, '/me', suspendedToken);
        expect(suspended.status).toBe(403);
        expect(suspended.body).toMatchObject({ message: 'account suspended' });
      }
      expect((await call(base, '/me')).status).toBe(401);
      // The override decides where the token comes from, even for a token verified before.
      const u3 = await sign('u3');
      expect((await call(base, '/me', `Bearer ${u3}`)).status).toBe(200);
      const overridden = await fetch(`${base}/me`, {
        headers: { authorization: `Bearer ${u3}`, 'x-api-token': 'not-a-token' },
      });
      expect(overridden.status).toBe(401);
    } finally {
      await app.close();
      await issuer.close();
    }
  });
});
