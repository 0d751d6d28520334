import { decodeJwt, decodeProtectedHeader } from 'jose';
import { loadResourceConfig } from '#config';
import {
  startAuth0StandIn,
  startClerkStandIn,
  startFirebaseStandIn,
  startOidcStandIn,
  type StandIn,
} from './index.js';

const jwks = async (url: string) =>
  ((await (await fetch(url)).json()) as { keys: { kid: string; kty: string; d?: string }[] }).keys;

describe.each(['clerk', 'auth0', 'firebase', 'oidc'] as const)('%s stand-in', (name) => {
  let standIn: StandIn;
  const start = {
    clerk: startClerkStandIn,
    auth0: startAuth0StandIn,
    firebase: startFirebaseStandIn,
    oidc: startOidcStandIn,
  }[name];
  beforeAll(async () => {
    standIn = await start();
  });
  afterAll(() => standIn.close());

  it('gives an env that a resource server accepts as valid configuration', () => {
    const config = loadResourceConfig('api', standIn.env);
    expect(config.jwt.provider).toBe(name);
  });

  it('serves public keys only and mints tokens naming a published kid', async () => {
    const keys = await jwks(standIn.jwksUrl);
    expect(keys.every((k) => k.d === undefined)).toBe(true);
    const token = await standIn.mint();
    const header = decodeProtectedHeader(token);
    expect(keys.map((k) => k.kid)).toContain(header.kid);
    expect(decodeJwt(token).iss).toBe(standIn.issuer);
    expect(standIn.fetchCount).toBe(1);
  });

  it('rotates keeping the old key published, and overrides or removes claims', async () => {
    const before = standIn.server.current.kid;
    await standIn.rotate();
    const kids = (await jwks(standIn.jwksUrl)).map((k) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([before, standIn.server.current.kid]));
    const claims = decodeJwt(await standIn.mint({ sub: 'custom', iat: undefined }));
    expect(claims.sub).toBe('custom');
    expect(claims.iat).toBeUndefined();
  });
});

describe('provider formats', () => {
  it('clerk: ins_ kids, user_/sess_ ids, azp, v2, no aud', async () => {
    const clerk = await startClerkStandIn();
    const token = await clerk.mint();
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(decodeProtectedHeader(token).kid).toMatch(/^ins_/);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ v: 2, azp: clerk.env.CLERK_AUTHORIZED_PARTIES });
    expect(claims.sub).toMatch(/^user_/);
    expect(claims.sid).toMatch(/^sess_/);
    expect(claims.aud).toBeUndefined();
    await clerk.close();
  });

  it('auth0: issuer with trailing slash, aud [api, userinfo], scope and permissions', async () => {
    const auth0 = await startAuth0StandIn({ audience: 'https://my.api' });
    const claims = decodeJwt(await auth0.mint());
    expect(auth0.issuer).toBe(`${auth0.env.AUTH0_DOMAIN}/`);
    expect(claims.aud).toEqual(['https://my.api', `${auth0.issuer}userinfo`]);
    expect(claims).toMatchObject({ scope: expect.any(String), permissions: expect.any(Array) });
    await auth0.close();
  });

  it('firebase: securetoken issuer, project aud, 40-hex kids, firebase claim', async () => {
    const firebase = await startFirebaseStandIn({ projectId: 'p1' });
    const token = await firebase.mint();
    expect(decodeProtectedHeader(token).kid).toMatch(/^[0-9a-f]{40}$/);
    expect(decodeJwt(token)).toMatchObject({
      iss: 'https://securetoken.google.com/p1',
      aud: 'p1',
      firebase: { sign_in_provider: 'password' },
    });
    expect(firebase.env.JWKS_URL).toBe(firebase.jwksUrl);
    await firebase.close();
  });

  it('oidc: discovery names the issuer, the alg and a jwks_uri off the usual path', async () => {
    const oidc = await startOidcStandIn({ alg: 'ES384' });
    const discovery = (await (
      await fetch(`${oidc.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: oidc.issuer,
      jwks_uri: oidc.jwksUrl,
      id_token_signing_alg_values_supported: ['ES384'],
    });
    expect(decodeProtectedHeader(await oidc.mint()).alg).toBe('ES384');
    await oidc.close();
  });
});
