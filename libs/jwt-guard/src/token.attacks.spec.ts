import { Controller, Get, type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { createHmac, webcrypto } from 'node:crypto';
import { exportSPKI } from 'jose';
import { loadResourceConfig, providerSettings } from '#config';
import {
  CurrentUser,
  InvalidTokenError,
  JwtGuardModule,
  TokenVerifier,
  type Principal,
} from '#jwt-guard';
import { configureApp } from '#platform';
import {
  nowS,
  startIssuerServer,
  type IssuerServer,
  type TestSigningKey,
} from '../../../test/support/stand-ins/index.js';
import { rejectionOf } from '../test/jwt-guard.helpers.js';

const AUD = 'https://api.test';
const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Signs any header/payload bytes with an ES256 key, bypassing jose's producer-side checks. */
async function rawEs256(header: unknown, payload: unknown, key: TestSigningKey): Promise<string> {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = await webcrypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    key.privateKey,
    Buffer.from(input),
  );
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}

@Controller()
class ProbeController {
  @Get('me')
  me(@CurrentUser() user: Principal) {
    return { sub: user.sub };
  }
}

describe('hostile tokens (RFC 8725 and known JWT library attacks), over HTTP', () => {
  let issuer: IssuerServer;
  let attacker: IssuerServer;
  let app: INestApplication;
  let base: string;
  const claims = () => ({
    iss: issuer.baseUrl,
    aud: AUD,
    sub: 'victim',
    iat: nowS(),
    exp: nowS() + 300,
  });
  const header = (extra: Record<string, unknown> = {}) => ({
    alg: 'ES256',
    kid: issuer.current.kid,
    typ: 'JWT',
    ...extra,
  });

  beforeAll(async () => {
    issuer = await startIssuerServer({ alg: 'ES256' });
    attacker = await startIssuerServer({ alg: 'ES256' });
    const jwt = providerSettings(
      loadResourceConfig('api', {
        AUTH_PROVIDER: 'custom',
        JWKS_URL: issuer.jwksUrl,
        JWT_ISSUER: issuer.baseUrl,
        JWT_AUDIENCE: AUD,
        JWT_ALGORITHMS: 'ES256',
      }).jwt,
    );
    const module = await Test.createTestingModule({
      imports: [JwtGuardModule.forRoot({ provider: jwt })],
      controllers: [ProbeController],
    }).compile();
    app = module.createNestApplication(new FastifyAdapter());
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await issuer.close();
    await attacker.close();
  });

  const send = async (authorization: string) => {
    const response = await fetch(`${base}/me`, { headers: { authorization } });
    return { status: response.status, challenge: response.headers.get('www-authenticate') ?? '' };
  };

  it('accepts the genuine token (control)', async () => {
    expect((await send(`Bearer ${await issuer.sign(claims())}`)).status).toBe(200);
  });

  const cases: [string, string, () => string | Promise<string>][] = [
    [
      'alg none, empty signature',
      'malformed_token',
      () => `${b64({ alg: 'none' })}.${b64(claims())}.`,
    ],
    ...['none', 'None', 'NONE', 'nOnE'].map(
      (alg): [string, string, () => string | Promise<string>] => [
        `alg "${alg}" with a signature`,
        'algorithm_not_allowed',
        () => `${b64({ alg, typ: 'JWT' })}.${b64(claims())}.${b64('sig')}`,
      ],
    ),
    [
      'HS256 signed with the public key (PEM) as secret',
      'algorithm_not_allowed',
      async () => {
        const pem = await exportSPKI(
          await webcrypto.subtle.importKey(
            'jwk',
            issuer.current.publicJwk as webcrypto.JsonWebKey,
            { name: 'ECDSA', namedCurve: 'P-256' },
            true,
            ['verify'],
          ),
        );
        const input = `${b64(header({ alg: 'HS256' }))}.${b64(claims())}`;
        return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
      },
    ],
    [
      'HS256 signed with the JWK JSON as secret',
      'algorithm_not_allowed',
      () => {
        const input = `${b64(header({ alg: 'HS256' }))}.${b64(claims())}`;
        const secret = JSON.stringify(issuer.current.publicJwk);
        return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      },
    ],
    [
      'embedded jwk header (attacker key)',
      'forbidden_header',
      async () =>
        rawEs256(
          header({ kid: undefined, jwk: attacker.current.publicJwk }),
          claims(),
          attacker.current,
        ),
    ],
    [
      'jku pointing at the attacker',
      'forbidden_header',
      async () =>
        rawEs256(
          header({ kid: attacker.current.kid, jku: attacker.jwksUrl }),
          claims(),
          attacker.current,
        ),
    ],
    [
      'x5u pointing at the attacker',
      'forbidden_header',
      async () =>
        rawEs256(
          header({ kid: attacker.current.kid, x5u: attacker.jwksUrl }),
          claims(),
          attacker.current,
        ),
    ],
    [
      'x5c embedded certificate',
      'forbidden_header',
      async () => rawEs256(header({ x5c: ['MIIBfake'] }), claims(), issuer.current),
    ],
    [
      'kid path traversal',
      'key_not_found',
      async () => rawEs256(header({ kid: '../../../../dev/null' }), claims(), issuer.current),
    ],
    [
      'kid SQL injection',
      'key_not_found',
      async () => rawEs256(header({ kid: "' OR '1'='1" }), claims(), issuer.current),
    ],
    [
      'kid as an object',
      'malformed_token',
      async () => rawEs256(header({ kid: { $ne: null } }), claims(), issuer.current),
    ],
    [
      'kid of 300 characters',
      'malformed_token',
      async () => rawEs256(header({ kid: 'k'.repeat(300) }), claims(), issuer.current),
    ],
    [
      'unknown crit extension',
      'forbidden_header',
      async () => rawEs256(header({ crit: ['exp'], exp: 1 }), claims(), issuer.current),
    ],
    [
      'unencoded payload (b64: false)',
      'forbidden_header',
      async () => rawEs256(header({ b64: false, crit: ['b64'] }), claims(), issuer.current),
    ],
    [
      'JWE (five parts)',
      'malformed_token',
      () => `${b64({ alg: 'dir', enc: 'A256GCM' })}..${b64('iv')}.${b64('ct')}.${b64('tag')}`,
    ],
    [
      'JSON serialisation',
      'malformed_token',
      async () => {
        const [p, q, r] = (await issuer.sign(claims())).split('.');
        return JSON.stringify({ protected: p, payload: q, signature: r });
      },
    ],
    [
      'psychic ECDSA signature (r = s = 0)',
      'signature_invalid',
      () => `${b64(header())}.${b64(claims())}.${Buffer.alloc(64).toString('base64url')}`,
    ],
    [
      'signature from another token',
      'signature_invalid',
      async () => {
        const [h, p] = (await issuer.sign({ ...claims(), sub: 'admin' })).split('.');
        return `${h}.${p}.${(await issuer.sign(claims())).split('.')[2]}`;
      },
    ],
    [
      'payload that is a JSON array',
      'malformed_token',
      async () => rawEs256(header(), ['not', 'claims'], issuer.current),
    ],
    [
      'payload that is not JSON',
      'malformed_token',
      async () => rawEs256(header(), 'hello', issuer.current),
    ],
    [
      'header that is not JSON',
      'malformed_token',
      () => `${b64('nope')}.${b64(claims())}.${b64('sig')}`,
    ],
    [
      'header that is JSON null',
      'malformed_token',
      () => `${b64('null')}.${b64(claims())}.${b64('sig')}`,
    ],
    [
      'non-base64url characters',
      'malformed_token',
      () => `${b64(header())}.${b64(claims())}.abc$def`,
    ],
    ['a token of another issuer with our claims', 'key_not_found', () => attacker.sign(claims())],
    [
      'a token for another audience',
      'claim_invalid',
      () => issuer.sign({ ...claims(), aud: 'https://mcp.test' }),
    ],
    [
      'a token over 8 KiB',
      'token_too_large',
      () => issuer.sign({ ...claims(), pad: 'x'.repeat(9000) }),
    ],
    [
      'a DPoP proof (typ dpop+jwt) as an access token',
      'forbidden_header',
      () => issuer.sign(claims(), { header: { typ: 'dpop+jwt' } }),
    ],
    [
      'a logout token (typ logout+jwt)',
      'forbidden_header',
      () => issuer.sign(claims(), { header: { typ: 'logout+jwt' } }),
    ],
    ['a lone dot', 'malformed_token', () => '.'],
    ['four parts', 'malformed_token', async () => `${await issuer.sign(claims())}.extra`],
  ];

  it.each(cases)('verifier refuses %s as %s', async (_name, code, make) => {
    const error = await rejectionOf(app.get(TokenVerifier).verify(await make()));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error.code).toBe(code);
  });

  it.each(cases)(
    'refuses %s with 401 invalid_token and no fetch elsewhere',
    async (_name, _code, make) => {
      const before = issuer.fetchCount;
      const result = await send(`Bearer ${await make()}`);
      expect(result.status).toBe(401);
      expect(result.challenge).toContain('error="invalid_token"');
      expect(attacker.fetchCount).toBe(0);
      expect(attacker.redirectTargetHits).toBe(0);
      expect(issuer.fetchCount - before).toBeLessThanOrEqual(1);
    },
  );

  it('answers an Authorization header too big for the server with a 4xx, not a 5xx', async () => {
    const result = await send(`Bearer ${'a'.repeat(64 * 1024)}`);
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.status).toBeLessThan(500);
  });

  it('costs at most one key fetch per cooldown for the whole battery', () => {
    expect(issuer.fetchCount).toBeLessThanOrEqual(2);
  });
});
