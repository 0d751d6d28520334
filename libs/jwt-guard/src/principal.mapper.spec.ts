import { buildChallenge, toPrincipal } from '#jwt-guard';

describe('toPrincipal', () => {
  it('collects scopes from scope, scp (string or array), permissions and org_permissions', () => {
    const principal = toPrincipal(
      {
        sub: 's',
        iss: 'i',
        scope: 'a b',
        scp: ['c'],
        permissions: ['d', 'a'],
        org_permissions: ['org:x:y'],
      },
      'p',
    );
    expect(principal.scopes).toEqual(['a', 'b', 'c', 'd', 'org:x:y']);
    expect(toPrincipal({ sub: 's', scp: 'e f' }, 'p').scopes).toEqual(['e', 'f']);
  });

  it('collects roles from role, roles, org_role and Clerk v2 o.rol', () => {
    expect(toPrincipal({ sub: 's', role: 'admin', roles: ['a', 'b'] }, 'p').roles).toEqual([
      'admin',
      'a',
      'b',
    ]);
    expect(toPrincipal({ sub: 's', org_role: 'org:member' }, 'p').roles).toEqual(['org:member']);
    expect(
      toPrincipal({ sub: 's', o: { id: 'org_1', rol: 'admin', per: 'read' } }, 'p'),
    ).toMatchObject({
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
