import { KEY_ROWS_REVALIDATE_MS, SigningKeyRows } from './signing-key.rows.js';

/** A key table read that counts its calls and can be held open or made to fail. */
function table(initial: string[]) {
  const state = { rows: initial, reads: 0, fail: false };
  const load = () => {
    state.reads++;
    return state.fail ? Promise.reject(new Error('down')) : Promise.resolve([...state.rows]);
  };
  return { state, load };
}

describe('SigningKeyRows', () => {
  let nowMs = 1_000_000;
  const now = () => nowMs;

  it('reads the table once per revalidation window, concurrent readers included', async () => {
    const { state, load } = table(['k1']);
    const rows = new SigningKeyRows<string>(now);
    expect(await Promise.all([rows.rows(load), rows.rows(load), rows.rows(load)])).toEqual([
      ['k1'],
      ['k1'],
      ['k1'],
    ]);
    state.rows = ['k1', 'k2']; // minted by another replica
    expect(await rows.rows(load)).toEqual(['k1']);
    expect(state.reads).toBe(1);
    nowMs += KEY_ROWS_REVALIDATE_MS;
    expect(await rows.rows(load)).toEqual(['k1', 'k2']);
    expect(state.reads).toBe(2);
  });

  it('rereads at once after invalidate (a key minted here), even during a read', async () => {
    const { state, load } = table(['k1']);
    const rows = new SigningKeyRows<string>(now);
    await rows.rows(load);
    state.rows = ['k1', 'k2'];
    rows.invalidate();
    expect(await rows.rows(load)).toEqual(['k1', 'k2']);

    // a read under way when a key is minted does not serve the readers after it
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = () => held.then(() => ['k1', 'k2']);
    rows.invalidate();
    const before = rows.rows(slow);
    rows.invalidate();
    state.rows = ['k1', 'k2', 'k3'];
    const after = rows.rows(load);
    release();
    expect(await before).toEqual(['k1', 'k2']);
    expect(await after).toEqual(['k1', 'k2', 'k3']);
    expect(await rows.rows(load)).toEqual(['k1', 'k2', 'k3']);
  });

  it('always reads for a fresh reader (the published set), and keeps what it read', async () => {
    const { state, load } = table(['k1']);
    const rows = new SigningKeyRows<string>(now);
    await rows.rows(load);
    state.rows = ['k1', 'k2'];
    expect(await rows.rows(load, true)).toEqual(['k1', 'k2']);
    expect(await rows.rows(load)).toEqual(['k1', 'k2']);
    expect(state.reads).toBe(2);
  });

  it('passes a failed read on and does not remember it', async () => {
    const { state, load } = table(['k1']);
    const rows = new SigningKeyRows<string>(now);
    state.fail = true;
    await expect(rows.rows(load)).rejects.toThrow('down');
    state.fail = false;
    expect(await rows.rows(load)).toEqual(['k1']);
    expect(state.reads).toBe(2);
  });
});
