import { checkAlgorithm, precheckToken } from './token.precheck.js';
import { InvalidTokenError } from './jwt-guard.errors.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const tokenWith = (header: unknown, n = 0) => `${b64(header)}.${b64({ sub: `user-${n}` })}.c2ln`;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof InvalidTokenError ? error.code : 'not an InvalidTokenError';
  }
}

describe('precheckToken', () => {
  it('checks a header once per encoded form: a token with the same header gets the same frozen result', () => {
    const header = { alg: 'EdDSA', kid: 'key-1', typ: 'at+jwt' };
    const first = precheckToken(tokenWith(header, 1));
    expect(first).toEqual(header);
    expect(Object.isFrozen(first)).toBe(true);
    expect(precheckToken(tokenWith(header, 2))).toBe(first);
    // the same claims in another order are other bytes: decoded and checked on their own
    const reordered = precheckToken(tokenWith({ kid: 'key-1', typ: 'at+jwt', alg: 'EdDSA' }));
    expect(reordered).toEqual(header);
    expect(reordered).not.toBe(first);
  });

  it('refuses a forbidden header however close it is to one that passed', () => {
    const header = { alg: 'EdDSA', kid: 'key-2' };
    precheckToken(tokenWith(header));
    expect(codeOf(() => precheckToken(tokenWith({ ...header, jku: 'https://evil.test/k' })))).toBe(
      'forbidden_header',
    );
    expect(codeOf(() => precheckToken(tokenWith({ ...header, typ: 'dpop+jwt' })))).toBe(
      'forbidden_header',
    );
    expect(codeOf(() => precheckToken(tokenWith({ ...header, kid: 7 })))).toBe('malformed_token');
    // and one refused is refused again: only headers that pass are remembered
    const crit = tokenWith({ ...header, crit: ['exp'] });
    expect([codeOf(() => precheckToken(crit)), codeOf(() => precheckToken(crit))]).toEqual([
      'forbidden_header',
      'forbidden_header',
    ]);
  });

  it('checks the algorithm against the allow-list on every token, remembered header or not', () => {
    const header = precheckToken(tokenWith({ alg: 'RS256', kid: 'key-3' }));
    expect(codeOf(() => checkAlgorithm(header, ['RS256']))).toBeUndefined();
    expect(codeOf(() => checkAlgorithm(header, ['EdDSA']))).toBe('algorithm_not_allowed');
  });

  it('does not remember an oversized header part, and keeps working past the table size', () => {
    const big = { alg: 'EdDSA', kid: 'k'.repeat(200), x: 'y'.repeat(400) };
    const a = precheckToken(tokenWith(big, 1));
    const b = precheckToken(tokenWith(big, 2));
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
    for (let i = 0; i < 200; i++)
      expect(precheckToken(tokenWith({ alg: 'EdDSA', kid: `k-${i}` })).kid).toBe(`k-${i}`);
  });
});
