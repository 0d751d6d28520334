import { DISCOVERY_MEMORY_MS, DiscoveryDocument } from './discovery.document.js';

/** A document renderer that counts its calls; `fail` makes the next rendering a 503. */
function renderer() {
  const state = { calls: 0, fail: false, issuer: 'https://auth.test' };
  const render = () => {
    state.calls++;
    if (state.fail) return Promise.resolve(new Response('{"error":"down"}', { status: 503 }));
    return Promise.resolve(
      new Response(JSON.stringify({ issuer: state.issuer }), {
        headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=15' },
      }),
    );
  };
  return { state, render };
}

describe('DiscoveryDocument', () => {
  let nowMs = 1_000_000;
  const now = () => nowMs;

  it('renders once per memory window, concurrent first requests included, with ETag and 304', async () => {
    const { state, render } = renderer();
    const doc = new DiscoveryDocument(render, now);
    const answers = await Promise.all([doc.answer(undefined), doc.answer(undefined)]);
    expect(state.calls).toBe(1);
    const [first] = answers;
    expect(first.status).toBe(200);
    expect(first.body).toBe('{"issuer":"https://auth.test"}');
    expect(first.headers).toMatchObject({ 'content-type': 'application/json' });
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(await doc.answer(etag)).toEqual({
      status: 304,
      headers: { etag, 'cache-control': 'public, max-age=15' },
      body: '',
    });
    expect((await doc.answer('"other", W/' + etag)).status).toBe(304);
    expect((await doc.answer('"other"')).status).toBe(200);
    expect(state.calls).toBe(1);

    // past the window the document is rendered again: a change shows, with a new ETag
    state.issuer = 'https://auth2.test';
    nowMs += DISCOVERY_MEMORY_MS;
    const changed = await doc.answer(etag);
    expect(state.calls).toBe(2);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body).toContain('auth2.test');
  });

  it('passes a failed rendering through and does not remember it', async () => {
    const { state, render } = renderer();
    const doc = new DiscoveryDocument(render, now);
    state.fail = true;
    const failed = await doc.answer(undefined);
    expect(failed.status).toBe(503);
    expect(failed.headers.etag).toBeUndefined();
    state.fail = false;
    expect((await doc.answer(undefined)).status).toBe(200);
    expect(state.calls).toBe(2);
  });
});
