import { Test } from '@nestjs/testing';
import { createLocalJWKSet } from 'jose';
import { loadResourceConfig, providerSettings } from '#config';
import {
  JwksProvider,
  JwtGuardModule,
  keysReady,
  TokenVerifier,
  type JwksProvider as JwksProviderType,
} from '#jwt-guard';
import { makeSigningKey, nowS } from '../../../test/support/stand-ins/index.js';

describe('binding your own JwksProvider', () => {
  async function ownProvider() {
    const key = await makeSigningKey('ES256', 'vault-key-1');
    const getKey = createLocalJWKSet({ keys: [key.publicJwk] });
    const provider: JwksProviderType = {
      name: 'vault',
      issuer: 'https://vault.test',
      getKey,
      policy: () =>
        Promise.resolve({
          issuer: ['https://vault.test'],
          algorithms: ['ES256'],
          audience: ['https://api.test'],
        }),
    };
    const { SignJWT } = await import('jose');
    const token = await new SignJWT({ sub: 'v1', aud: 'https://api.test' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer('https://vault.test')
      .setExpirationTime(nowS() + 60)
      .sign(key.privateKey);
    return { provider, token };
  }
  const jwt = providerSettings(loadResourceConfig('api', { API_URL: 'https://api.test' }).jwt);

  it('through the jwksProvider option of forRootAsync', async () => {
    const { provider, token } = await ownProvider();
    const module = await Test.createTestingModule({
      imports: [JwtGuardModule.forRootAsync({ useFactory: () => ({ jwksProvider: provider }) })],
    }).compile();
    expect(module.get(JwksProvider)).toBe(provider);
    await expect(module.get(TokenVerifier).verify(token)).resolves.toMatchObject({
      sub: 'v1',
      provider: 'vault',
    });
    // A provider without isReady() counts as ready.
    await expect(keysReady(module.get<JwksProviderType>(JwksProvider))).resolves.toBe(true);
  });

  it('through overrideProvider in tests', async () => {
    const { provider, token } = await ownProvider();
    const module = await Test.createTestingModule({
      imports: [JwtGuardModule.forRoot({ provider: jwt })],
    })
      .overrideProvider(JwksProvider)
      .useValue(provider)
      .compile();
    await expect(module.get(TokenVerifier).verify(token)).resolves.toMatchObject({
      provider: 'vault',
    });
  });
});
