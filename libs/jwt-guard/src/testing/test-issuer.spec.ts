import { Test } from '@nestjs/testing';
import { JwtGuardModule, TokenExpiredError, TokenVerifier } from '#jwt-guard';
import { createTestIssuer, testGuardOptions, type TestIssuer } from '#jwt-guard/testing';

/** Refusal of a promise, with the guard error's code. */
async function refusal(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a refusal');
}

describe('the testing kit: createTestIssuer', () => {
  let issuer: TestIssuer;
  let bound: TokenVerifier;
  let remote: TokenVerifier;

  beforeAll(async () => {
    issuer = await createTestIssuer({ audience: ['https://reports.test'], alg: 'ES256' });
    const direct = await Test.createTestingModule({
      imports: [JwtGuardModule.forRoot({ ...testGuardOptions(issuer), globalGuard: false })],
    }).compile();
    bound = direct.get(TokenVerifier);
    // The same issuer over HTTP, through the built-in `custom` key source that fetches a JWKS.
    const jwksUrl = await issuer.serve();
    const overHttp = await Test.createTestingModule({
      imports: [
        JwtGuardModule.forRoot({
          provider: {
            provider: 'custom',
            issuer: issuer.issuer,
            jwksUrl,
            audience: issuer.audience,
          },
          globalGuard: false,
          verifiedTokenCache: { maxEntries: 0 },
        }),
      ],
    }).compile();
    remote = overHttp.get(TokenVerifier);
  });

  afterAll(() => issuer.close());

  it('mints in the kit claim names, verified both bound and over a served JWKS', async () => {
    const token = await issuer.mint({
      sub: 'alice',
      scopes: ['reports:read', 'reports:write'],
      roles: ['admin'],
      org: { id: 'org_1', role: 'owner' },
      amr: ['pwd', 'otp'],
      authTime: 1_700_000_000,
      acr: 'urn:mfa',
      sid: 'sess_1',
    });
    for (const verifier of [bound, remote]) {
      const principal = await verifier.verify(token);
      expect(principal).toMatchObject({
        sub: 'alice',
        issuer: issuer.issuer,
        audience: ['https://reports.test'],
        scopes: ['reports:read', 'reports:write'],
        roles: ['admin'],
      });
      expect(principal.claims).toMatchObject({
        org_id: 'org_1',
        org_role: 'owner',
        amr: ['pwd', 'otp'],
        auth_time: 1_700_000_000,
        acr: 'urn:mfa',
        sid: 'sess_1',
      });
    }
  });

  it('makes the hostile cases, each refused for its own reason', async () => {
    expect(await refusal(bound.verify(await issuer.expired()))).toBeInstanceOf(TokenExpiredError);
    expect(await refusal(bound.verify(await issuer.wrongAudience()))).toMatchObject({
      code: 'claim_invalid',
    });
    expect(await refusal(remote.verify(await issuer.wrongKey()))).toMatchObject({
      code: 'signature_invalid',
    });
    expect(await refusal(bound.verify(await issuer.wrongIssuer()))).toMatchObject({
      code: 'claim_invalid',
    });
  });

  it('rotates: new tokens use the new key, old ones stay valid', async () => {
    const before = await issuer.mint({ sub: 'old' });
    await issuer.rotate();
    const after = await issuer.mint({ sub: 'new' });
    expect(issuer.jwks().keys).toHaveLength(2);
    await expect(bound.verify(before)).resolves.toMatchObject({ sub: 'old' });
    await expect(bound.verify(after)).resolves.toMatchObject({ sub: 'new' });
    await expect(remote.verify(after)).resolves.toMatchObject({ sub: 'new' });
  });
});
