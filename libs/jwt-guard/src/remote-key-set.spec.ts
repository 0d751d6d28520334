import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { keysReady, KeysUnavailableError } from '#jwt-guard';
import {
  startIssuerServer,
  type FaultMode,
  type IssuerServer,
  type TestSigningKey,
} from '../../../test/support/stand-ins/index.js';
import { compileVerifier, customEnv, rejectionOf, testClock } from '../test/jwt-guard.helpers.js';
import { toVerificationKeySet } from './remote-key-set.js';

const AUD = 'https://api.test';
const CACHE = {
  JWKS_CACHE_MAX_AGE_S: '600',
  JWKS_COOLDOWN_S: '30',
  JWKS_STALE_IF_ERROR_S: '3600',
  // long enough for a loopback fetch on a loaded machine; the 'slow' fault waits it out once
  JWKS_TIMEOUT_MS: '1000',
};

async function setup(alg: 'ES256' | 'EdDSA' = 'ES256') {
  const issuer = await startIssuerServer({ alg });
  const clock = testClock();
  const { verifier } = await compileVerifier(
    customEnv(issuer.jwksUrl, issuer.baseUrl, { ...CACHE, JWT_ALGORITHMS: alg }),
    { clock: clock.now },
  );
  const sign = (key?: TestSigningKey) =>
    issuer.sign(
      { iss: issuer.baseUrl, aud: AUD, sub: 'u', iat: clock.nowS(), exp: clock.nowS() + 7 * 86400 },
      { key },
    );
  return { issuer, clock, verifier, sign };
}

describe('key cache', () => {
  let issuer: IssuerServer;
  afterEach(() => issuer?.close());

  it('shares one fetch among concurrent first requests', async () => {
    const s = await setup();
    issuer = s.issuer;
    const token = await s.sign();
    const results = await Promise.all(Array.from({ length: 25 }, () => s.verifier.verify(token)));
    expect(results.every((p) => p.sub === 'u')).toBe(true);
    expect(issuer.fetchCount).toBe(1);
  });

  it('follows a rotation: a new kid triggers one refetch, old tokens keep working', async () => {
    const s = await setup();
    issuer = s.issuer;
    const oldToken = await s.sign();
    await s.verifier.verify(oldToken);
    s.clock.advance(31); // past the cooldown
    await issuer.rotate();
    const newToken = await s.sign();
    await expect(s.verifier.verify(newToken)).resolves.toMatchObject({ sub: 'u' });
    await expect(s.verifier.verify(oldToken)).resolves.toMatchObject({ sub: 'u' });
    expect(issuer.fetchCount).toBe(2);
  });

  it('picks up a key rotated in right after a routine fetch, then cools down', async () => {
    const s = await setup();
    issuer = s.issuer;
    await s.verifier.verify(await s.sign()); // first-use fetch
    await issuer.rotate();
    await expect(s.verifier.verify(await s.sign())).resolves.toMatchObject({ sub: 'u' });
    expect(issuer.fetchCount).toBe(2);
    // That refetch found new keys, so a second new key (minted concurrently) is fetched at once too.
    await issuer.rotate();
    await expect(s.verifier.verify(await s.sign())).resolves.toMatchObject({ sub: 'u' });
    expect(issuer.fetchCount).toBe(3);
    // A refetch that found nothing new starts the cooldown: unknown kids then fail fast.
    const stranger = await s.sign(await issuer.unpublishedKey());
    expect((await rejectionOf(s.verifier.verify(stranger))).code).toBe('key_not_found');
    expect(issuer.fetchCount).toBe(4);
    await issuer.rotate();
    const tooSoon = await s.sign();
    expect((await rejectionOf(s.verifier.verify(tooSoon))).code).toBe('key_not_found');
    expect(issuer.fetchCount).toBe(4);
    s.clock.advance(31);
    await expect(s.verifier.verify(tooSoon)).resolves.toMatchObject({ sub: 'u' });
    expect(issuer.fetchCount).toBe(5);
  });

  it('refetches once per cooldown however many unknown kids arrive', async () => {
    const s = await setup();
    issuer = s.issuer;
    await s.verifier.verify(await s.sign());
    s.clock.advance(31);
    const flood = await Promise.all(
      Array.from({ length: 30 }, async () => s.sign(await issuer.unpublishedKey())),
    );
    const errors = await Promise.all(flood.map((t) => rejectionOf(s.verifier.verify(t))));
    expect(errors.every((e) => e.code === 'key_not_found')).toBe(true);
    expect(issuer.fetchCount).toBe(2);
    // Still cooling down: another wave costs nothing.
    s.clock.advance(10);
    await Promise.all(flood.map((t) => rejectionOf(s.verifier.verify(t))));
    expect(issuer.fetchCount).toBe(2);
    // Cooldown over: one more fetch, no more.
    s.clock.advance(25);
    await Promise.all(flood.map((t) => rejectionOf(s.verifier.verify(t))));
    expect(issuer.fetchCount).toBe(3);
  });

  it('does not refetch before the max age while keys are known', async () => {
    const s = await setup();
    issuer = s.issuer;
    const token = await s.sign();
    await s.verifier.verify(token);
    s.clock.advance(599);
    await s.verifier.verify(token);
    expect(issuer.fetchCount).toBe(1);
    s.clock.advance(2);
    await s.verifier.verify(token);
    expect(issuer.fetchCount).toBe(2);
  });

  it.each<FaultMode>(['down', 'reset', 'garbage', 'redirect', 'huge', 'huge-chunked', 'slow'])(
    'keeps known keys working while the endpoint is %s, fails unknown kids fast, recovers by itself',
    async (mode) => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const s = await setup();
      issuer = s.issuer;
      const token = await s.sign();
      await s.verifier.verify(token);
      issuer.setFault(mode);

      s.clock.advance(601); // cache expired: the refresh fails, the stale copy serves
      await expect(s.verifier.verify(token)).resolves.toMatchObject({ sub: 'u' });
      expect(issuer.fetchCount).toBe(2);
      const stranger = await s.sign(await issuer.unpublishedKey());
      expect((await rejectionOf(s.verifier.verify(stranger))).code).toBe('key_not_found');
      expect(issuer.fetchCount).toBe(2); // within the cooldown: no fetch
      expect(issuer.redirectTargetHits).toBe(0);
      expect(warn.mock.calls.some(([m]) => /\[custom\] JWKS: fetch failed/.test(String(m)))).toBe(
        true,
      );

      // Past max age + stale-if-error: nothing usable is left.
      s.clock.advance(3600);
      const gone = await rejectionOf(s.verifier.verify(token));
      expect(gone).toBeInstanceOf(KeysUnavailableError);

      // The endpoint recovers; after the cooldown the next request fetches again.
      issuer.setFault('ok');
      s.clock.advance(31);
      await expect(s.verifier.verify(token)).resolves.toMatchObject({ sub: 'u' });
      warn.mockRestore();
    },
  );

  it('fails a first request fast when the endpoint is down, without a fetch per request', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const s = await setup();
    issuer = s.issuer;
    issuer.setFault('slow');
    const token = await s.sign();
    expect((await rejectionOf(s.verifier.verify(token))).code).toBe('keys_unavailable');
    for (let i = 0; i < 5; i++) {
      expect((await rejectionOf(s.verifier.verify(token))).code).toBe('keys_unavailable');
    }
    expect(issuer.fetchCount).toBe(1);
    issuer.setFault('ok');
    s.clock.advance(31);
    await expect(s.verifier.verify(token)).resolves.toMatchObject({ sub: 'u' });
    warn.mockRestore();
  });

  it('reports readiness from the key set', async () => {
    const s = await setup();
    issuer = s.issuer;
    await expect(keysReady(s.verifier.provider)).resolves.toBe(true);
    const { verifier } = await compileVerifier(
      customEnv('http://127.0.0.1:9/jwks', 'https://nobody.test', CACHE),
    );
    jest.spyOn(Logger.prototype, 'warn').mockImplementationOnce(() => undefined);
    await expect(keysReady(verifier.provider)).resolves.toBe(false);
  });
});

describe('toVerificationKeySet', () => {
  it('drops HMAC, private and encryption keys and refuses a set with nothing usable', async () => {
    const rsa = await startIssuerServer({ alg: 'RS256' });
    try {
      const pub = rsa.current.publicJwk;
      expect(() =>
        toVerificationKeySet({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'h' }] }),
      ).toThrow(/no usable/);
      expect(() => toVerificationKeySet({ keys: [{ ...pub, d: 'x' }] })).toThrow(/no usable/);
      expect(() => toVerificationKeySet({ keys: [{ ...pub, use: 'enc' }] })).toThrow(/no usable/);
      expect(() => toVerificationKeySet({ nope: true })).toThrow(/not a JSON Web Key Set/);
      expect(() => toVerificationKeySet('<html>')).toThrow();
      const set = toVerificationKeySet({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }, pub] });
      expect(set.jwks().keys).toHaveLength(1);
    } finally {
      await rsa.close();
    }
  });
});
