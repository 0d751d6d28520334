import { auth0Claims, buildChallenge, challengeFor, clerkClaims, toPrincipal } from '#jwt-guard';

describe('toPrincipal', () => {
  it('collects scopes from scope and scp (string or array); provider claims only with their provider', () => {
    const payload = {
      sub: 's',
      iss: 'i',
      scope: 'a b',
      scp: ['c'],
      permissions: ['d', 'a'],
      org_permissions: ['org:x:y'],
    };
    expect(toPrincipal(payload, 'p').scopes).toEqual(['a', 'b', 'c']);
    expect(auth0Claims(payload).scopes).toEqual(['a', 'b', 'c', 'd']);
    expect(clerkClaims(payload).scopes).toEqual(['a', 'b', 'c', 'org:x:y']);
    expect(toPrincipal({ sub: 's', scp: 'e f' }, 'p').scopes).toEqual(['e', 'f']);
  });

  it('collects roles from role and roles; Clerk adds org_role and v2 o.rol', () => {
    expect(toPrincipal({ sub: 's', role: 'admin', roles: ['a', 'b'] }, 'p').roles).toEqual([
      'admin',
      'a',
      'b',
    ]);
    expect(toPrincipal({ sub: 's', org_role: 'org:member' }, 'p').roles).toEqual([]);
    expect(clerkClaims({ sub: 's', org_role: 'org:member' }).roles).toEqual(['org:member']);
    expect(clerkClaims({ sub: 's', o: { id: 'org_1', rol: 'admin', per: 'read' } })).toMatchObject({
      roles: ['org:admin'],
      scopes: [],
    });
  });

  it('ignores claims of the wrong type and reads email flags of both spellings', () => {
    const principal = toPrincipal(
      {
        sub: 's',
        aud: 'x',
        email: 42,
        roles: [1, 'ok'],
        scope: {},
        emailVerified: true,
        name: 'N',
      },
      'p',
    );
    expect(principal).toMatchObject({
      audience: ['x'],
      email: undefined,
      roles: ['ok'],
      scopes: [],
      emailVerified: true,
      name: 'N',
      provider: 'p',
    });
    expect(toPrincipal({ sub: 's', email_verified: false }, 'p').emailVerified).toBe(false);
  });
});

describe('buildChallenge', () => {
  it('quotes values so a hostile one cannot add parameters', () => {
    expect(buildChallenge({ realm: 'a"b\\c\r\n', error: 'invalid_token', description: 'x' })).toBe(
      'Bearer realm="a\\"b\\\\c", error="invalid_token", error_description="x"',
    );
  });

  it('sends a description only with an error', () => {
    expect(buildChallenge({ realm: 'r', description: 'ignored' })).toBe('Bearer realm="r"');
  });
});

describe('challengeFor', () => {
  it('adds extra auth-params before resource_metadata, and the scope hint only when asked', () => {
    const defaults = { realm: 'r', resourceMetadataUrl: 'https://m', challengeScopes: ['a', 'b'] };
    expect(
      challengeFor(defaults, { error: 'invalid_token', extra: { max_age: 300, acr_values: 'x' } }),
    ).toBe(
      'Bearer realm="r", error="invalid_token", scope="a b", max_age="300", acr_values="x", resource_metadata="https://m"',
    );
    expect(challengeFor(defaults, { error: 'invalid_request', scopeHint: false })).toBe(
      'Bearer realm="r", error="invalid_request", resource_metadata="https://m"',
    );
    expect(() => challengeFor(defaults, { extra: { 'a b': '1' } })).toThrow(/auth-param/);
  });
});
