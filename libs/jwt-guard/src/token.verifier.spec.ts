import { InvalidTokenError, TokenExpiredError, type TokenVerifier } from '#jwt-guard';
import {
  nowS,
  startIssuerServer,
  type IssuerServer,
  type SigningAlgorithm,
} from '../../../test/support/stand-ins/index.js';
import { compileVerifier, customEnv, rejectionOf } from '../test/jwt-guard.helpers.js';

const AUD = 'https://api.test';

describe('TokenVerifier with every allowed algorithm', () => {
  const algorithms: SigningAlgorithm[] = ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256'];
  const issuers: IssuerServer[] = [];
  afterAll(() => Promise.all(issuers.map((i) => i.close())));

  it.each(algorithms)('accepts %s when allowed and refuses it when not', async (alg) => {
    const issuer = await startIssuerServer({ alg });
    issuers.push(issuer);
    const claims = { iss: issuer.baseUrl, aud: AUD, sub: 'user-1', iat: nowS(), exp: nowS() + 60 };
    const token = await issuer.sign(claims);

    const { verifier } = await compileVerifier(
      customEnv(issuer.jwksUrl, issuer.baseUrl, { JWT_ALGORITHMS: alg }),
    );
    await expect(verifier.verify(token)).resolves.toMatchObject({
      sub: 'user-1',
      issuer: issuer.baseUrl,
      audience: [AUD],
      provider: 'custom',
    });

    const other = alg === 'EdDSA' ? 'ES256' : 'EdDSA';
    const { verifier: strict } = await compileVerifier(
      customEnv(issuer.jwksUrl, issuer.baseUrl, { JWT_ALGORITHMS: other }),
    );
    const error = await rejectionOf(strict.verify(token));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error.code).toBe('algorithm_not_allowed');
  });
});

describe('TokenVerifier claim rules', () => {
  let issuer: IssuerServer;
  let verifier: TokenVerifier;
  const base = () => ({ iss: issuer.baseUrl, aud: AUD, sub: 'user-1', iat: nowS() });
  const sign = (claims: Record<string, unknown>, exp = nowS() + 60) =>
    issuer.sign({ exp, ...claims });

  beforeAll(async () => {
    issuer = await startIssuerServer({ alg: 'ES256' });
    ({ verifier } = await compileVerifier(
      customEnv(issuer.jwksUrl, issuer.baseUrl, { JWT_CLOCK_TOLERANCE_S: '5' }),
    ));
  });
  afterAll(() => issuer.close());

  it('accepts a good token and maps it to a principal', async () => {
    const token = await sign({ ...base(), scope: 'a b', roles: ['admin'], email: 'u@x.io' });
    await expect(verifier.verify(token)).resolves.toMatchObject({
      sub: 'user-1',
      scopes: ['a', 'b'],
      roles: ['admin'],
      email: 'u@x.io',
    });
  });

  it('refuses an expired token as token_expired, within tolerance accepts it', async () => {
    const expired = await sign(base(), nowS() - 10);
    const error = await rejectionOf(verifier.verify(expired));
    expect(error).toBeInstanceOf(TokenExpiredError);
    expect((error as TokenExpiredError).description).toBe('token expired');
    await expect(verifier.verify(await sign(base(), nowS() - 2))).resolves.toBeDefined();
  });

  it.each([
    ['no exp', (c: Record<string, unknown>) => ({ ...c, exp: undefined })],
    ['no sub', (c: Record<string, unknown>) => ({ ...c, sub: undefined })],
    ['empty sub', (c: Record<string, unknown>) => ({ ...c, sub: '' })],
    ['no iss', (c: Record<string, unknown>) => ({ ...c, iss: undefined })],
    ['another iss', (c: Record<string, unknown>) => ({ ...c, iss: 'https://evil.example' })],
    [
      'iss with a trailing slash',
      (c: Record<string, unknown>) => ({ ...c, iss: `${c.iss as string}/` }),
    ],
    ['no aud', (c: Record<string, unknown>) => ({ ...c, aud: undefined })],
    ['another aud', (c: Record<string, unknown>) => ({ ...c, aud: 'https://other.test' })],
    ['aud array without ours', (c: Record<string, unknown>) => ({ ...c, aud: ['x', 'y'] })],
    ['nbf in the future', (c: Record<string, unknown>) => ({ ...c, nbf: nowS() + 60 })],
    ['iat in the future', (c: Record<string, unknown>) => ({ ...c, iat: nowS() + 60 })],
    ['exp not a number', (c: Record<string, unknown>) => ({ ...c, exp: 'tomorrow' })],
  ])('refuses a token with %s', async (_name, change) => {
    const claims: Record<string, unknown> = change({ ...base(), exp: nowS() + 60 });
    for (const key of Object.keys(claims)) if (claims[key] === undefined) delete claims[key];
    const token = await issuer.sign(claims);
    const error = await rejectionOf(verifier.verify(token));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).not.toBeInstanceOf(TokenExpiredError);
  });

  it.each(['JWT', 'at+jwt', 'application/at+jwt', undefined])('accepts typ %s', async (typ) => {
    const token = await issuer.sign({ ...base(), exp: nowS() + 60 }, { header: { typ } });
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'user-1' });
  });

  it('accepts an aud array that intersects, and nbf within the tolerance', async () => {
    const token = await sign({ ...base(), aud: ['x', AUD], nbf: nowS() + 3 });
    await expect(verifier.verify(token)).resolves.toMatchObject({ audience: ['x', AUD] });
  });

  it('refuses a token signed by a key the issuer never published', async () => {
    const token = await issuer.sign(
      { ...base(), exp: nowS() + 60 },
      { key: await issuer.unpublishedKey() },
    );
    expect((await rejectionOf(verifier.verify(token))).code).toBe('key_not_found');
  });

  it('refuses a token whose signature was tampered with', async () => {
    const token = await sign(base());
    const [h, p] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...base(), sub: 'admin', exp: nowS() + 60 }),
    ).toString('base64url');
    expect((await rejectionOf(verifier.verify(`${h}.${forged}.${token.split('.')[2]}`))).code).toBe(
      'signature_invalid',
    );
    expect(p).toBeDefined();
  });
});

describe('TokenVerifier with a frozen clock', () => {
  it('uses the clock option for exp, nbf and iat', async () => {
    const issuer = await startIssuerServer({ alg: 'EdDSA' });
    try {
      const frozen = Date.UTC(2030, 0, 1) / 1000;
      const claims = {
        iss: issuer.baseUrl,
        aud: AUD,
        sub: 'u',
        iat: frozen,
        nbf: frozen,
        exp: frozen + 60,
      };
      const token = await issuer.sign(claims);
      const at = async (s: number) =>
        (
          await compileVerifier(
            customEnv(issuer.jwksUrl, issuer.baseUrl, {
              JWT_ALGORITHMS: 'EdDSA',
              JWT_CLOCK_TOLERANCE_S: '0',
            }),
            { clock: () => s * 1000 },
          )
        ).verifier;
      await expect((await at(frozen + 30)).verify(token)).resolves.toMatchObject({ sub: 'u' });
      await expect((await at(frozen + 61)).verify(token)).rejects.toBeInstanceOf(TokenExpiredError);
      expect((await rejectionOf((await at(frozen - 30)).verify(token))).code).toBe('claim_invalid');
    } finally {
      await issuer.close();
    }
  });
});

describe('TokenVerifier with tokens without kid', () => {
  it('tries each published key that fits when several do', async () => {
    const issuer = await startIssuerServer({ alg: 'ES256' });
    try {
      const first = issuer.current;
      await issuer.rotate();
      const claims = { iss: issuer.baseUrl, aud: AUD, sub: 'no-kid', exp: nowS() + 60 };
      const { verifier } = await compileVerifier(
        customEnv(issuer.jwksUrl, issuer.baseUrl, { JWT_ALGORITHMS: 'ES256' }),
      );
      for (const key of [first, issuer.current]) {
        const token = await issuer.sign(claims, { key, header: { kid: undefined } });
        await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'no-kid' });
      }
      const stranger = await issuer.sign(claims, {
        key: await issuer.unpublishedKey(),
        header: { kid: undefined },
      });
      expect((await rejectionOf(verifier.verify(stranger))).code).toBe('signature_invalid');
    } finally {
      await issuer.close();
    }
  });
});
