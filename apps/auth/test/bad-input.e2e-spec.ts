import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { PrismaService } from '#database';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { bearer, get, postJson, type Answer } from './http.js';

let auth: AuthServer;
let prisma: PrismaService;
let session: string;

beforeAll(async () => {
  auth = await startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'off' });
  prisma = auth.app.get(PrismaService);
  session = (await auth.signUp({ email: 'owner@example.com', password: 'owner password 1' }))
    .sessionToken;
});
afterAll(async () => {
  await auth?.close();
});

/** Values no endpoint should accept as a field, or at least never answer with a 5xx. */
const HOSTILE: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  '',
  ' ',
  'a'.repeat(300),
  'a'.repeat(20_000),
  [],
  ['a@example.com'],
  {},
  { $ne: null },
  { __proto__: { role: 'admin' } },
  'nul\u0000byte',
  '\ud800lone surrogate',
  '😀'.repeat(200),
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00%ff',
  '\r\nSet-Cookie: x=y',
  JSON.parse('['.repeat(64) + ']'.repeat(64)) as unknown,
];

interface Endpoint {
  path: string;
  valid: () => Record<string, unknown>;
  auth?: boolean;
}

let n = 0;
const unique = () => `corpus-${++n}@example.com`;
const ENDPOINTS: Endpoint[] = [
  {
    path: '/api/auth/sign-up/email',
    valid: () => ({ email: unique(), password: 'a fine password', name: 'Corpus' }),
  },
  {
    path: '/api/auth/sign-in/email',
    valid: () => ({ email: 'owner@example.com', password: 'wrong password!' }),
  },
  { path: '/api/auth/request-password-reset', valid: () => ({ email: unique() }) },
  {
    path: '/api/auth/reset-password',
    valid: () => ({ token: 'not-a-token', newPassword: 'a fine password' }),
  },
  {
    path: '/api/auth/change-password',
    valid: () => ({ currentPassword: 'wrong password!', newPassword: 'a fine password' }),
    auth: true,
  },
  { path: '/api/auth/revoke-session', valid: () => ({ token: 'nope' }), auth: true },
  { path: '/api/auth/update-user', valid: () => ({ name: 'Owner' }), auth: true },
];

interface Case {
  label: string;
  path: string;
  body: string;
  headers: Record<string, string>;
  email?: unknown;
}

function corpus(): Case[] {
  const cases: Case[] = [];
  for (const endpoint of ENDPOINTS) {
    const headers = endpoint.auth ? bearer(session) : {};
    for (const field of Object.keys(endpoint.valid())) {
      for (const value of HOSTILE) {
        const body = { ...endpoint.valid(), [field]: value };
        cases.push({
          label: `${endpoint.path} ${field}=${JSON.stringify(value)?.slice(0, 30)}`,
          path: endpoint.path,
          body: JSON.stringify(body),
          headers,
          email: body.email,
        });
      }
    }
    for (const raw of [
      '{',
      '{"email":',
      '[]',
      'null',
      '"string"',
      '123',
      '{"a":1}{"b":2}',
      '\u0000',
      '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"role":"admin"}}}',
      '{"email":"x@example.com","email":{"$gt":""}}',
    ]) {
      cases.push({ label: `${endpoint.path} raw ${raw}`, path: endpoint.path, body: raw, headers });
    }
  }
  return cases;
}

async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>) {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  }
  return out;
}

describe('hostile input corpus', () => {
  it('never answers a 5xx or a non-JSON error, and stores no user for a refused sign-up', async () => {
    const cases = corpus();
    expect(cases.length).toBeGreaterThan(200);
    const results = await inBatches(cases, 8, async (c) => ({
      c,
      res: await postJson(auth.url, c.path, c.body, c.headers),
    }));
    const failures = results.filter(
      ({ res }) => res.status >= 500 || (res.status >= 400 && typeof res.body !== 'object'),
    );
    expect(
      failures.map(({ c, res }) => `${c.label} -> ${res.status} ${res.text.slice(0, 80)}`),
    ).toEqual([]);
    const refusedSignUps = results
      .filter(({ c, res }) => c.path.endsWith('/sign-up/email') && res.status >= 400)
      .map(({ c }) => c.email)
      .filter((e): e is string => typeof e === 'string' && !e.includes('\u0000'));
    expect(await prisma.user.count({ where: { email: { in: refusedSignUps } } })).toBe(0);
    // Prototype pollution did not reach the process, nor the stored role.
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect(await prisma.user.count({ where: { role: { not: 'user' } } })).toBe(0);
    expect((await get(auth.url, '/health/ready')).status).toBe(200);
  }, 120_000); // a few dozen corpus cases are valid and pay for scrypt

  it.each([
    ['email', { email: `${'a'.repeat(250)}@example.com`, password: 'a fine password', name: 'x' }],
    [
      'name',
      { email: 'long-name@example.com', password: 'a fine password', name: 'n'.repeat(101) },
    ],
    ['password', { email: 'long-pw@example.com', password: 'p'.repeat(129), name: 'x' }],
  ])('refuses an over-long %s at sign-up with a 400 naming it', async (field, body) => {
    const res = await postJson(auth.url, '/api/auth/sign-up/email', body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body).toLowerCase()).toContain(field);
    expect(await prisma.user.count({ where: { email: body.email } })).toBe(0);
  });

  it('answers malformed JSON, a wrong content type and a missing field with a 4xx JSON body', async () => {
    const malformed = await postJson(auth.url, '/api/auth/sign-in/email', '{"email": "a@b.c",');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'INVALID_JSON' });
    const text = await fetch(`${auth.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: auth.url },
      body: 'hello',
    });
    expect(text.status).toBe(415);
    const missing = await postJson(auth.url, '/api/auth/sign-up/email', { email: 'm@example.com' });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(/password/);
  });

  it('answers unknown routes with a JSON 404, inside and outside /api/auth', async () => {
    for (const path of ['/api/auth/no-such-route', '/no-such-route', '/.well-known/nothing']) {
      const res: Answer = await get(auth.url, path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(res.body).toMatchObject({ statusCode: 404 });
    }
  });

  it('refuses bodies over the limit with 413, declared or streamed', async () => {
    const big = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(200_000) });
    const declared = await postJson(auth.url, '/api/auth/sign-in/email', big);
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ statusCode: 413 });

    const chunks = [big.slice(0, 100_000), big.slice(100_000)];
    const streamed = await fetch(`${auth.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: auth.url },
      body: new ReadableStream({
        start(controller) {
          for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
          controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
  });
});

describe('concurrent sign-ups', () => {
  it('creates exactly one user when the same email signs up many times at once', async () => {
    const email = 'race@example.com';
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        postJson(auth.url, '/api/auth/sign-up/email', {
          email,
          password: `password number ${i}`,
          name: `Racer ${i}`,
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || (s >= 400 && s < 500))).toBe(true);
    expect(await prisma.user.count({ where: { email } })).toBe(1);
    expect(await prisma.account.count({ where: { user: { email } } })).toBe(1);
  });
});

describe('logging of refused requests', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs a 4xx at debug, not as a server error, and a line without the value', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const res = await postJson(auth.url, '/api/auth/sign-up/email', {
      email: unique(),
      password: 'a fine password',
      name: 'n'.repeat(300),
    });
    expect(res.status).toBe(400);
    const lines = (spy: typeof error) => spy.mock.calls.map((call) => String(call[0]));
    expect(lines(error).filter((line) => /name must be/.test(line))).toEqual([]);
    expect(lines(debug)).toContainEqual(expect.stringMatching(/^400 name must be at most \d+/));
    expect(lines(debug).join('\n')).not.toContain('n'.repeat(300));
  });
});
