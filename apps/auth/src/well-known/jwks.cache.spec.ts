import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { JWKS_REVALIDATE_MS, JwksCache } from './jwks.cache.js';
import { matchesIfNoneMatch } from './jwks.http.js';

/** A loader whose answers the test releases one by one. */
function gatedLoader() {
  const pending: { resolve: (keys: unknown[]) => void; reject: (error: Error) => void }[] = [];
  const load = () =>
    new Promise<{ keys: unknown[] }>((resolve, reject) =>
      pending.push({ resolve: (keys) => resolve({ keys }), reject }),
    );
  return { load, pending };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('JwksCache', () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('serves one read until the revalidation bound, then reads once for all waiting callers', async () => {
    let reads = 0;
    const cache = new JwksCache(() => Promise.resolve({ keys: [{ kid: String(++reads) }] }), clock);
    const first = await cache.current();
    now += JWKS_REVALIDATE_MS - 1;
    expect(await cache.current()).toBe(first);
    expect(reads).toBe(1);
    now += 1;
    const [a, b] = await Promise.all([cache.current(), cache.current()]);
    expect(reads).toBe(2);
    expect(a).toBe(b);
    expect(a.body).toBe('{"keys":[{"kid":"2"}]}');
    expect(a.etag).not.toBe(first.etag);
  });

  it('does not let a read that began before an invalidation answer callers after it', async () => {
    const { load, pending } = gatedLoader();
    const cache = new JwksCache(load, clock);
    const early = cache.current();
    await tick();
    cache.invalidate(); // a key is minted while the first read is in flight
    const late = cache.current();
    await tick();
    expect(pending).toHaveLength(2);
    pending[0].resolve([{ kid: 'old' }]);
    pending[1].resolve([{ kid: 'old' }, { kid: 'new' }]);
    expect((await early).body).not.toContain('new');
    expect((await late).body).toContain('new');
    expect((await cache.current()).body).toContain('new');
  });

  it('keeps serving the last copy when a reload fails, and fails without one', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { load, pending } = gatedLoader();
    const cache = new JwksCache(load, clock);
    const none = cache.current();
    await tick();
    pending[0].reject(new Error('database down'));
    await expect(none).rejects.toThrow('database down');
    const first = cache.current();
    await tick();
    pending[1].resolve([{ kid: 'a' }]);
    const copy = await first;
    now += JWKS_REVALIDATE_MS;
    const retried = cache.current();
    await tick();
    pending[2].reject(new Error('database down'));
    expect(await retried).toBe(copy);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});

describe('matchesIfNoneMatch', () => {
  it.each([
    ['"a"', true],
    ['W/"a"', true],
    ['"b", "a"', true],
    ['*', true],
    ['"b"', false],
    ['a', false],
    [undefined, false],
  ])('%s → %s', (header, expected) => {
    expect(matchesIfNoneMatch(header, '"a"')).toBe(expected);
  });
});
