import { Controller, Get, type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { JWTPayload } from 'jose';
import {
  ACR,
  CurrentUser,
  JwtGuardModule,
  RequireAuthentication,
  RequireScopes,
  type Principal,
} from '#jwt-guard';
import { configureApp } from '#platform';
import { createTestIssuer, testGuardOptions, type TestIssuer } from '#jwt-guard/testing';

const AUD = 'https://api.test';

@Controller()
class StepUpController {
  @Get('me')
  me(@CurrentUser() user: Principal) {
    return user.authentication;
  }

  @RequireAuthentication({ maxAgeS: 300 })
  @Get('recent')
  recent() {
    return { ok: true };
  }

  @RequireAuthentication({ acr: ACR.multiFactor })
  @Get('mfa')
  mfa() {
    return { ok: true };
  }

  @RequireAuthentication({ maxAgeS: 60, acr: ACR.multiFactor })
  @RequireScopes('notes:write')
  @Get('both')
  both() {
    return { ok: true };
  }
}

@RequireAuthentication({ acr: ACR.singleFactor })
@Controller('signed')
class SignedInController {
  @Get()
  index() {
    return { ok: true };
  }
}

describe('@RequireAuthentication (RFC 9470 step-up) through a Fastify app', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let base: string;
  // The guard's clock, moved by the tests; tokens are minted against the same clock.
  let nowMs = Date.now();
  const nowS = () => Math.floor(nowMs / 1000);
  const token = (claims: JWTPayload = {}) => issuer.mint({ expiresIn: 3600, claims });
  const call = async (path: string, jwt: string) => {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${jwt}` } });
    return {
      status: response.status,
      challenge: response.headers.get('www-authenticate'),
      body: (await response.json()) as Record<string, unknown>,
    };
  };

  beforeAll(async () => {
    issuer = await createTestIssuer({ audience: [AUD], clock: () => nowMs });
    const module = await Test.createTestingModule({
      imports: [JwtGuardModule.forRoot(testGuardOptions(issuer, { clock: () => nowMs }))],
      controllers: [StepUpController, SignedInController],
    }).compile();
    app = module.createNestApplication(new FastifyAdapter());
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(() => {
    nowMs = Date.now();
  });

  it('puts the sign-in facts on the principal, deriving acr from amr', async () => {
    const cases: [JWTPayload, unknown][] = [
      [{}, { methods: [] }],
      [
        { auth_time: 1000, amr: ['pwd'] },
        { time: 1000, methods: ['pwd'], acr: ACR.singleFactor },
      ],
      [{ amr: ['pwd', 'otp'] }, { methods: ['pwd', 'otp'], acr: ACR.multiFactor }],
      [{ amr: ['hwk'] }, { methods: ['hwk'], acr: ACR.multiFactor }],
      [
        { amr: ['fed'], acr: 'urn:other:gold' },
        { methods: ['fed'], acr: 'urn:other:gold' },
      ],
      [{ auth_time: '1000', amr: 'pwd', acr: 7 }, { methods: [] }],
    ];
    for (const [claims, expected] of cases) {
      const res = await call('/me', await token(claims));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expected);
    }
  });

  it('lets a recent sign-in through a max-age route', async () => {
    const res = await call('/recent', await token({ auth_time: nowS() - 299, amr: ['pwd'] }));
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('answers an old sign-in with 401 insufficient_user_authentication and max_age', async () => {
    const res = await call('/recent', await token({ auth_time: nowS() - 301, amr: ['pwd'] }));
    expect(res.status).toBe(401);
    expect(res.challenge).toBe(
      `Bearer realm="${AUD}", error="insufficient_user_authentication", error_description="a more recent sign-in is required", max_age="300"`,
    );
    expect(res.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'a more recent sign-in is required',
    });
  });

  it('never lets a token without auth_time through a max-age route', async () => {
    const res = await call('/recent', await token({ amr: ['pwd', 'otp'] }));
    expect(res.status).toBe(401);
    expect(res.challenge).toContain('error="insufficient_user_authentication"');
    expect(res.challenge).toContain('max_age="300"');
  });

  it('re-checks the age of a token the verified-token cache already knows', async () => {
    const jwt = await token({ auth_time: nowS() - 200, amr: ['pwd'] });
    expect((await call('/recent', jwt)).status).toBe(200);
    nowMs += 101_000;
    const later = await call('/recent', jwt);
    expect(later.status).toBe(401);
    expect(later.challenge).toContain('max_age="300"');
  });

  it('answers a single-factor sign-in on a multi-factor route with acr_values', async () => {
    const res = await call('/mfa', await token({ auth_time: nowS(), amr: ['pwd'] }));
    expect(res.status).toBe(401);
    expect(res.challenge).toBe(
      `Bearer realm="${AUD}", error="insufficient_user_authentication", error_description="a stronger sign-in is required", acr_values="${ACR.multiFactor}"`,
    );
    const none = await call('/mfa', await token());
    expect(none.status).toBe(401);
    expect(none.challenge).toContain(`acr_values="${ACR.multiFactor}"`);
  });

  it('accepts a second factor or a passkey on a multi-factor route, and an acr claim saying so', async () => {
    for (const claims of [
      { amr: ['pwd', 'otp'] },
      { amr: ['swk'] },
      { amr: ['pwd'], acr: ACR.multiFactor },
    ]) {
      expect((await call('/mfa', await token(claims))).status).toBe(200);
    }
  });

  it("does not take another issuer's acr for the kit's multi-factor class", async () => {
    const res = await call('/mfa', await token({ acr: 'urn:other:gold', amr: ['fed'] }));
    expect(res.status).toBe(401);
  });

  it('names both max_age and acr_values when a route asks for both, after the scope check', async () => {
    const noScope = await call('/both', await token({ auth_time: nowS(), amr: ['otp'] }));
    expect(noScope.status).toBe(403);
    const weak = await call(
      '/both',
      await token({ scope: 'notes:write', auth_time: nowS(), amr: ['pwd'] }),
    );
    expect(weak.status).toBe(401);
    expect(weak.challenge).toBe(
      `Bearer realm="${AUD}", error="insufficient_user_authentication", error_description="a stronger sign-in is required", max_age="60", acr_values="${ACR.multiFactor}"`,
    );
    const ok = await call(
      '/both',
      await token({ scope: 'notes:write', auth_time: nowS() - 10, amr: ['pwd', 'otp'] }),
    );
    expect(ok.status).toBe(200);
  });

  it('applies a requirement on the controller to its routes; multi-factor satisfies single-factor', async () => {
    expect((await call('/signed', await token())).status).toBe(401);
    expect((await call('/signed', await token({ amr: ['pwd'] }))).status).toBe(200);
    expect((await call('/signed', await token({ amr: ['otp'] }))).status).toBe(200);
  });

  it('refuses a bad requirement when the class is defined', () => {
    expect(() => RequireAuthentication({ maxAgeS: -1 })).toThrow(/maxAgeS/);
    expect(() => RequireAuthentication({ maxAgeS: 1.5 })).toThrow(/maxAgeS/);
    expect(() => RequireAuthentication({ acr: 'has "quotes"' })).toThrow(/acr/);
    expect(() => RequireAuthentication({})).toThrow(/maxAgeS, acr or both/);
  });
});
