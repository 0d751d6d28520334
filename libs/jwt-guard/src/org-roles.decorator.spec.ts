import { Controller, Get, type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { JWTPayload } from 'jose';
import {
  CurrentUser,
  InsufficientScopeError,
  JwtGuardModule,
  OrgRoles,
  RequireScopes,
  Roles,
  toPrincipal,
  type Principal,
} from '#jwt-guard';
import { configureApp } from '#platform';
import { createTestIssuer, testGuardOptions, type TestIssuer } from '#jwt-guard/testing';
import { checkOrganizationRole } from './org-roles.decorator.js';

const AUD = 'https://api.test';

describe('Principal.organization', () => {
  it('comes from org_id and org_role together', () => {
    expect(
      toPrincipal({ sub: 's', org_id: 'o1', org_role: 'admin' }, 'local').organization,
    ).toEqual({ id: 'o1', role: 'admin' });
    for (const claims of [
      {},
      { org_id: 'o1' },
      { org_role: 'admin' },
      { org_id: 1, org_role: 'x' },
    ]) {
      expect(toPrincipal({ sub: 's', ...claims }, 'local').organization).toBeUndefined();
    }
  });

  it('keeps a bare organization role out of the user roles', () => {
    const principal = toPrincipal(
      { sub: 's', role: 'user', org_id: 'o1', org_role: 'admin' },
      'local',
    );
    expect(principal.roles).toEqual(['user']);
  });
});

describe('checkOrganizationRole', () => {
  const as = (organization?: Principal['organization']) =>
    ({ ...toPrincipal({ sub: 's' }, 'local'), organization }) as Principal;

  it('passes on any one of the roles, also in a comma list', () => {
    expect(() =>
      checkOrganizationRole(as({ id: 'o', role: 'admin' }), ['owner', 'admin']),
    ).not.toThrow();
    expect(() =>
      checkOrganizationRole(as({ id: 'o', role: 'member,admin' }), ['admin']),
    ).not.toThrow();
  });

  it('refuses another role or no organization with insufficient_scope', () => {
    for (const principal of [as({ id: 'o', role: 'member' }), as(undefined)]) {
      let error: unknown;
      try {
        checkOrganizationRole(principal, ['admin']);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InsufficientScopeError);
      expect((error as InsufficientScopeError).bearerError).toBe('insufficient_scope');
    }
  });
});

@Controller('org')
class OrgProbeController {
  @OrgRoles('owner', 'admin')
  @Get('admin')
  admin(@CurrentUser() user: Principal) {
    return { organization: user.organization };
  }

  @OrgRoles('member', 'admin', 'owner')
  @RequireScopes('notes:write')
  @Get('write')
  write() {
    return { ok: true };
  }

  @OrgRoles('owner')
  @Roles('admin')
  @Get('both')
  both() {
    return { ok: true };
  }
}

@OrgRoles('owner')
@Controller('owners')
class OwnersController {
  @Get()
  index() {
    return { ok: true };
  }

  @OrgRoles('member')
  @Get('members')
  members() {
    return { ok: true };
  }
}

describe('@OrgRoles through a real server', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let base: string;
  const token = (extra: JWTPayload = {}) =>
    issuer.mint({ sub: 'u1', expiresIn: 60, claims: extra });
  const call = async (path: string, claims: JWTPayload) => {
    const res = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${await token(claims)}` },
    });
    return {
      status: res.status,
      challenge: res.headers.get('www-authenticate'),
      body: (await res.json()) as Record<string, unknown>,
    };
  };

  beforeAll(async () => {
    issuer = await createTestIssuer({ audience: [AUD] });
    const module = await Test.createTestingModule({
      imports: [JwtGuardModule.forRoot(testGuardOptions(issuer))],
      controllers: [OrgProbeController, OwnersController],
    }).compile();
    app = module.createNestApplication(new FastifyAdapter());
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
  });

  it('lets a holder of the role in the token’s organization through', async () => {
    const res = await call('/org/admin', { org_id: 'o1', org_role: 'admin' });
    expect(res).toMatchObject({ status: 200, body: { organization: { id: 'o1', role: 'admin' } } });
  });

  it.each([
    ['another organization role', { org_id: 'o1', org_role: 'member' }],
    ['no organization', {}],
    ['a user-level admin without an organization', { role: 'admin' }],
    ['a role without its organization id', { org_role: 'owner' }],
  ])('answers %s with 403 insufficient_scope', async (_name, claims) => {
    const res = await call('/org/admin', claims);
    expect(res.status).toBe(403);
    expect(res.challenge).toBe(
      `Bearer realm="${AUD}", error="insufficient_scope", error_description="insufficient scope"`,
    );
    expect(res.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'insufficient scope',
    });
  });

  it('composes with @RequireScopes and @Roles: each must hold', async () => {
    const member = { org_id: 'o1', org_role: 'member' };
    expect((await call('/org/write', { ...member, scope: 'notes:write' })).status).toBe(200);
    expect((await call('/org/write', { ...member, scope: 'notes:read' })).status).toBe(403);
    expect((await call('/org/write', { scope: 'notes:write' })).status).toBe(403);
    const owner = { org_id: 'o1', org_role: 'owner' };
    expect((await call('/org/both', { ...owner, role: 'admin' })).status).toBe(200);
    expect((await call('/org/both', { ...owner, role: 'user' })).status).toBe(403);
    // An organization admin is not the user-level admin @Roles('admin') asks for.
    expect(
      (await call('/org/both', { org_id: 'o1', org_role: 'admin,owner', role: 'user' })).status,
    ).toBe(403);
  });

  it('reads the handler’s roles over the controller’s', async () => {
    const member = { org_id: 'o1', org_role: 'member' };
    expect((await call('/owners', member)).status).toBe(403);
    expect((await call('/owners/members', member)).status).toBe(200);
    expect((await call('/owners', { org_id: 'o1', org_role: 'owner' })).status).toBe(200);
  });
});
