import { jest } from '@jest/globals';
import { InvalidTokenError, TokenExpiredError } from '#jwt-guard';
import { VerifiedTokenCache, type VerifiedTokenCacheOptions } from './verified-token.cache.js';
import { startIssuerServer, type IssuerServer } from '../../../test/support/stand-ins/index.js';
import { compileVerifier, customEnv, rejectionOf, testClock } from '../test/jwt-guard.helpers.js';

const AUD = 'https://api.test';

describe('VerifiedTokenCache', () => {
  it('keeps an entry until the earlier of exp and maxTtlS, and evicts the oldest past maxEntries', () => {
    const clock = testClock(1_000_000_000_000);
    const cache = new VerifiedTokenCache<string>(
      { maxEntries: 2, maxTtlS: 60, admission: 'first-use' },
      clock.now,
    );
    cache.set('a', 'A', clock.nowS() + 10); // exp first
    cache.set('b', 'B', clock.nowS() + 600); // ttl first
    expect([cache.get('a'), cache.get('b')]).toEqual(['A', 'B']);
    clock.advance(10);
    expect(cache.get('a')).toBeUndefined();
    clock.advance(49);
    expect(cache.get('b')).toBe('B');
    clock.advance(1);
    expect(cache.get('b')).toBeUndefined();

    cache.set('x', 'X', clock.nowS() + 600);
    cache.set('y', 'Y', clock.nowS() + 600);
    cache.set('z', 'Z', clock.nowS() + 600);
    expect(cache.size).toBe(2);
    expect([cache.get('x'), cache.get('y'), cache.get('z')]).toEqual([undefined, 'Y', 'Z']);
  });

  it('evicts in insertion order through many evictions and re-sets (a re-set key is newest)', () => {
    const clock = testClock(1_000_000_000_000);
    const max = 50;
    const cache = new VerifiedTokenCache<number>(
      { maxEntries: max, maxTtlS: 60, admission: 'first-use' },
      clock.now,
    );
    // the reference: a list in insertion order, oldest first
    let model: string[] = [];
    let seed = 7;
    const random = (n: number) => (seed = (seed * 48_271) % 2_147_483_647) % n;
    for (let i = 0; i < 5_000; i++) {
      const key = `k${random(200)}`;
      cache.set(key, i, clock.nowS() + 600);
      model = [...model.filter((k) => k !== key), key];
      if (model.length > max) model = model.slice(model.length - max);
      expect(cache.size).toBe(model.length);
    }
    for (let i = 0; i < 200; i++) {
      expect(cache.get(`k${i}`) !== undefined).toBe(model.includes(`k${i}`));
    }
  });

  it('keeps a key from its second offer by default, remembering a bounded number of keys offered once', () => {
    const clock = testClock();
    const cache = new VerifiedTokenCache<string>({ maxEntries: 3 }, clock.now);
    cache.set('a', 'A1', clock.nowS() + 60);
    expect([cache.get('a'), cache.size]).toEqual([undefined, 0]);
    cache.set('a', 'A2', clock.nowS() + 60);
    expect(cache.get('a')).toBe('A2');
    cache.set('a', 'A3', clock.nowS() + 60); // kept already: replaced at once
    expect(cache.get('a')).toBe('A3');
    // an expired offer is not counted as a use
    cache.set('b', 'B', clock.nowS());
    cache.set('b', 'B', clock.nowS() + 60);
    expect(cache.get('b')).toBeUndefined();
    cache.set('b', 'B', clock.nowS() + 60);
    expect(cache.get('b')).toBe('B');
    // the record of keys offered once has 4 slots here: many keys offered after c push it out,
    // and the last one offered is still there
    const others = Array.from({ length: 40 }, (_, i) => `key-${i}`);
    for (const key of ['c', ...others]) cache.set(key, key, clock.nowS() + 60);
    cache.set('c', 'c', clock.nowS() + 60);
    cache.set('key-39', 'last', clock.nowS() + 60);
    expect([cache.get('c'), cache.get('key-39')]).toEqual([undefined, 'last']);
  });

  it('caches nothing already expired, without exp, or when turned off', () => {
    const clock = testClock();
    const cache = new VerifiedTokenCache<string>({}, clock.now);
    cache.set('past', 'P', clock.nowS());
    cache.set('no-exp', 'N', undefined);
    expect([cache.get('past'), cache.get('no-exp'), cache.size]).toEqual([undefined, undefined, 0]);
    const off = new VerifiedTokenCache<string>({ maxEntries: 0 }, clock.now);
    off.set('a', 'A', clock.nowS() + 60);
    expect(off.enabled).toBe(false);
    expect(off.get('a')).toBeUndefined();
  });

  it('keys by a SHA-256 of the token, never the token itself', () => {
    const key = VerifiedTokenCache.keyOf('header.payload.signature');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain('payload');
    expect(VerifiedTokenCache.keyOf('header.payload.signaturf')).not.toBe(key);
  });
});

describe('TokenVerifier with the verified-token cache', () => {
  let issuer: IssuerServer;
  beforeAll(async () => {
    issuer = await startIssuerServer({ alg: 'EdDSA' });
  });
  afterAll(() => issuer.close());

  /**
   * A verifier on a controlled clock, counting the signature checks (key lookups) it makes.
   * `admission` is first-use unless given: most tests here are about the cache's other rules.
   */
  async function setup(cache: VerifiedTokenCacheOptions = {}) {
    const clock = testClock();
    const { verifier, provider } = await compileVerifier(
      customEnv(issuer.jwksUrl, issuer.baseUrl, { JWT_CLOCK_TOLERANCE_S: '5' }),
      { clock: clock.now, verifiedTokenCache: { admission: 'first-use', ...cache } },
    );
    const lookups = jest.spyOn(provider, 'getKey');
    const sign = (claims: Record<string, unknown> = {}) =>
      issuer.sign({
        iss: issuer.baseUrl,
        aud: AUD,
        sub: 'user-1',
        iat: clock.nowS(),
        exp: clock.nowS() + 120,
        ...claims,
      });
    return { clock, verifier, lookups, sign };
  }

  it('verifies a repeated token twice by default, then answers from the cache with a frozen principal', async () => {
    const { verifier, lookups, sign } = await setup({ admission: undefined });
    const token = await sign({ amr: ['pwd'] });
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(lookups).toHaveBeenCalledTimes(2);
    const third = await verifier.verify(token);
    expect(third).toBe(second);
    expect([third.sub, first.sub]).toEqual(['user-1', 'user-1']);
    expect(verifier.cachedPrincipal(token)).toBe(second);
    expect(lookups).toHaveBeenCalledTimes(2);
    for (const principal of [first, second]) {
      expect(
        [principal, principal.scopes, principal.claims, principal.authentication.methods].every(
          (part) => Object.isFrozen(part),
        ),
      ).toBe(true);
    }
  });

  it('first-use admission: verifies a repeated token once', async () => {
    const { verifier, lookups, sign } = await setup({ admission: 'first-use' });
    const token = await sign();
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
    expect(lookups).toHaveBeenCalledTimes(1);
  });

  it('keeps the tokens in use while a stream of single-use tokens passes (default admission)', async () => {
    const { verifier, lookups, sign } = await setup({ admission: undefined, maxEntries: 3 });
    const inUse = await sign({ sub: 'regular' });
    await verifier.verify(inUse);
    await verifier.verify(inUse);
    const once = await Promise.all(
      Array.from({ length: 10 }, (_, i) => sign({ sub: `once-${i}` })),
    );
    for (const token of once) await verifier.verify(token);
    expect(lookups).toHaveBeenCalledTimes(12);
    expect((await verifier.verify(inUse)).sub).toBe('regular');
    expect(lookups).toHaveBeenCalledTimes(12);

    // the same stream under first-use admission pushes it out
    const eager = await setup({ maxEntries: 3 });
    const regular = await eager.sign({ sub: 'regular' });
    await eager.verifier.verify(regular);
    for (const token of once) await eager.verifier.verify(token);
    await eager.verifier.verify(regular);
    expect(eager.lookups).toHaveBeenCalledTimes(12);
  });

  it('verifies a new token once when concurrent requests bring it, failures included', async () => {
    const { verifier, lookups, sign } = await setup();
    const token = await sign();
    const principals = await Promise.all(Array.from({ length: 8 }, () => verifier.verify(token)));
    expect(new Set(principals).size).toBe(1);
    expect(principals[0].sub).toBe('user-1');
    expect(lookups).toHaveBeenCalledTimes(1);

    // a bad token shared by concurrent requests is checked once, refused for each, not remembered
    const wrongAudience = await sign({ aud: 'https://other.test' });
    const refusals = await Promise.all(
      Array.from({ length: 4 }, () => rejectionOf(verifier.verify(wrongAudience))),
    );
    expect(refusals.every((error) => error instanceof InvalidTokenError)).toBe(true);
    expect(lookups).toHaveBeenCalledTimes(2);
    expect(await rejectionOf(verifier.verify(wrongAudience))).toBeInstanceOf(InvalidTokenError);
    expect(lookups).toHaveBeenCalledTimes(3);
  });

  it('leaves no verification behind when the provider fails at once, so the next try is afresh', async () => {
    const { verifier, lookups, sign } = await setup();
    const token = await sign();
    const policy = jest.spyOn(verifier.provider, 'policy').mockImplementationOnce(() => {
      throw new Error('policy source down');
    });
    expect(await rejectionOf(verifier.verify(token))).toBeInstanceOf(InvalidTokenError);
    expect((await verifier.verify(token)).sub).toBe('user-1');
    expect([policy.mock.calls.length, lookups.mock.calls.length]).toEqual([2, 1]);
    policy.mockRestore();
  });

  it('does not merge different tokens verified at the same time', async () => {
    const { verifier, lookups, sign } = await setup();
    const [a, b] = await Promise.all([sign({ sub: 'user-a' }), sign({ sub: 'user-b' })]);
    const [pa, pb] = await Promise.all([verifier.verify(a), verifier.verify(b)]);
    expect([pa.sub, pb.sub]).toEqual(['user-a', 'user-b']);
    expect(lookups).toHaveBeenCalledTimes(2);
  });

  it('cachedPrincipal: only a token verified before and not expired since, with no key lookup', async () => {
    const { clock, verifier, lookups, sign } = await setup({ maxTtlS: 3600 });
    const token = await sign({ exp: clock.nowS() + 30 });
    expect(verifier.cachedPrincipal(token)).toBeUndefined();
    const principal = await verifier.verify(token);
    expect(verifier.cachedPrincipal(token)).toBe(principal);
    const tampered = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
    expect(verifier.cachedPrincipal(tampered)).toBeUndefined();
    expect(verifier.cachedPrincipal('x'.repeat(9000))).toBeUndefined();
    expect(lookups).toHaveBeenCalledTimes(1);
    clock.advance(30); // at exp: gone
    expect(verifier.cachedPrincipal(token)).toBeUndefined();
  });

  it('hashes a token once for a cachedPrincipal miss and the verify after it, and never for another token', async () => {
    const { verifier, sign } = await setup();
    const [a, b] = await Promise.all([sign({ sub: 'user-a' }), sign({ sub: 'user-b' })]);
    const hashes = jest.spyOn(VerifiedTokenCache, 'keyOf');
    try {
      expect(verifier.cachedPrincipal(a)).toBeUndefined();
      expect((await verifier.verify(a)).sub).toBe('user-a');
      expect(hashes).toHaveBeenCalledTimes(1);
      // a miss on one token, then another token verified: b is keyed by its own hash
      expect(verifier.cachedPrincipal(a)?.sub).toBe('user-a');
      expect(verifier.cachedPrincipal(`${a}x`)).toBeUndefined();
      expect((await verifier.verify(b)).sub).toBe('user-b');
      expect(verifier.cachedPrincipal(b)?.sub).toBe('user-b');
      expect(verifier.cachedPrincipal(`${a}x`)).toBeUndefined();
      expect(verifier.cachedPrincipal(a)?.sub).toBe('user-a');
    } finally {
      hashes.mockRestore();
    }
  });

  it('still refuses a tampered copy of a cached token, and caches no failure', async () => {
    const { verifier, lookups, sign } = await setup();
    const token = await sign();
    await verifier.verify(token);
    const tampered = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
    for (let i = 0; i < 2; i++) {
      expect(await rejectionOf(verifier.verify(tampered))).toBeInstanceOf(InvalidTokenError);
    }
    expect(lookups).toHaveBeenCalledTimes(3);
    const wrongAudience = await sign({ aud: 'https://other.test' });
    for (let i = 0; i < 2; i++) {
      expect(await rejectionOf(verifier.verify(wrongAudience))).toBeInstanceOf(InvalidTokenError);
    }
  });

  it('forgets a token at its exp: after it, the token is judged afresh and refused', async () => {
    const { clock, verifier, lookups, sign } = await setup({ maxTtlS: 3600 });
    const token = await sign({ exp: clock.nowS() + 30 });
    await verifier.verify(token);
    clock.advance(29);
    await verifier.verify(token);
    expect(lookups).toHaveBeenCalledTimes(1);
    clock.advance(10); // past exp and the 5 s tolerance
    expect(await rejectionOf(verifier.verify(token))).toBeInstanceOf(TokenExpiredError);
  });

  it('re-verifies after maxTtlS, and every time when turned off', async () => {
    const ttl = await setup({ maxTtlS: 10 });
    const token = await ttl.sign();
    await ttl.verifier.verify(token);
    ttl.clock.advance(11);
    await ttl.verifier.verify(token);
    expect(ttl.lookups).toHaveBeenCalledTimes(2);

    const off = await setup({ maxEntries: 0 });
    const again = await off.sign();
    for (let i = 0; i < 3; i++) await off.verifier.verify(again);
    expect(off.lookups).toHaveBeenCalledTimes(3);
  });

  it('holds at most maxEntries tokens', async () => {
    const { verifier, lookups, sign } = await setup({ maxEntries: 2 });
    const tokens = [await sign({ sub: 'a' }), await sign({ sub: 'b' }), await sign({ sub: 'c' })];
    for (const token of tokens) await verifier.verify(token);
    await verifier.verify(tokens[2]); // still cached
    expect(lookups).toHaveBeenCalledTimes(3);
    await verifier.verify(tokens[0]); // evicted: verified again
    expect(lookups).toHaveBeenCalledTimes(4);
  });
});

describe('TokenVerifier cache and key freshness', () => {
  it('re-verifies a cached token once the keys that verified it are due for a refresh', async () => {
    const issuer = await startIssuerServer({ alg: 'ES256' });
    try {
      const clock = testClock();
      const { verifier, provider } = await compileVerifier(
        customEnv(issuer.jwksUrl, issuer.baseUrl, { JWKS_CACHE_MAX_AGE_S: '30' }),
        { clock: clock.now, verifiedTokenCache: { maxTtlS: 3600, admission: 'first-use' } },
      );
      const lookups = jest.spyOn(provider, 'getKey');
      const token = await issuer.sign({
        iss: issuer.baseUrl,
        aud: AUD,
        sub: 'user-1',
        iat: clock.nowS(),
        exp: clock.nowS() + 600,
      });
      await verifier.verify(token);
      clock.advance(29);
      await verifier.verify(token);
      expect([lookups.mock.calls.length, issuer.fetchCount]).toEqual([1, 1]);
      clock.advance(2);
      await verifier.verify(token);
      expect([lookups.mock.calls.length, issuer.fetchCount]).toEqual([2, 2]);
    } finally {
      await issuer.close();
    }
  });
});
