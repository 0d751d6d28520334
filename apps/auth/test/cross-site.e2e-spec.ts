import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import type { Auth } from '../src/auth/auth.factory.js';
import { BETTER_AUTH } from '../src/auth/auth.tokens.js';

/**
 * Cross-site form posts: a page on another site can make a browser send a form
 * (`application/x-www-form-urlencoded`, or `text/plain`) with the victim's session cookie. Every
 * endpoint that may change state must refuse it with 403, whatever body types it accepts. The
 * endpoints are read from the running Better Auth instance (each endpoint object carries its path
 * and methods), so those a plugin adds later (admin, OAuth, two-factor, ...) join this table by
 * default. Runs on NODE_ENV=development: Better Auth's own origin check is off under NODE_ENV=test.
 */

/** Endpoints allowed to skip the refusal, each with its reason. None today. */
const EXEMPT: Record<string, string> = {};

/**
 * GET endpoints that act are out of this table by method: each is a link authorised by a single-use
 * token in its URL (verification, account deletion, reset) or by the OAuth `state` bound to the
 * browser, not by the cookie alone. Listed so that the list is reviewed when Better Auth changes.
 */
const ACTING_GETS = [
  '/verify-email',
  '/delete-user/callback',
  '/reset-password/:token',
  '/callback/:id',
];

const FOREIGN = 'https://evil.example';
let server: AuthServer;
let cookie: string;
let endpoints: { method: string; path: string }[];

interface Endpoint {
  path?: string;
  options?: { method?: string | string[]; metadata?: { SERVER_ONLY?: boolean } };
}

/** Every routed endpoint and method of the instance that is not a safe method. */
function stateChangingEndpoints(auth: Auth) {
  const found: { method: string; path: string }[] = [];
  const gets = new Set<string>();
  for (const endpoint of Object.values(auth.api as Record<string, Endpoint>)) {
    if (!endpoint.path || !endpoint.options || endpoint.options.metadata?.SERVER_ONLY) continue;
    const methods = [endpoint.options.method ?? '*'].flat();
    for (const method of methods) {
      if (method === 'GET') gets.add(endpoint.path);
      // a route for any method answers a form post as POST
      else found.push({ method: method === '*' ? 'POST' : method, path: endpoint.path });
    }
  }
  return { found, gets };
}

const send = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body = 'name=attacker&email=a%40example.com',
) =>
  fetch(`${server.url}/api/auth${path.replace(/:\w+/g, 'x')}`, {
    method,
    headers: { cookie, ...headers },
    body,
    redirect: 'manual',
  });

beforeAll(async () => {
  server = await startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'off' });
  cookie = (await server.signUp()).cookie;
  const auth = server.app.get<Auth>(BETTER_AUTH);
  const { found, gets } = stateChangingEndpoints(auth);
  endpoints = found.filter(({ path }) => !(path in EXEMPT));
  // the enumeration really sees the instance: core endpoints present, acting GETs still GETs
  expect(found.map((e) => e.path)).toEqual(
    expect.arrayContaining(['/sign-up/email', '/sign-out', '/change-password', '/delete-user']),
  );
  for (const path of ACTING_GETS) expect([path, gets.has(path)]).toEqual([path, true]);
  for (const path of Object.keys(EXEMPT)) expect(found.map((e) => e.path)).toContain(path);
});
afterAll(async () => {
  await server?.close();
});

it.each([
  ['application/x-www-form-urlencoded', { origin: FOREIGN }, 'INVALID_ORIGIN'],
  ['text/plain', { origin: FOREIGN }, 'INVALID_ORIGIN'],
  ['text/plain', { referer: `${FOREIGN}/page` }, 'INVALID_ORIGIN'],
  ['application/x-www-form-urlencoded', {}, 'MISSING_OR_NULL_ORIGIN'],
])(
  'refuses a %s post with %j and the session cookie with 403 on every state-changing endpoint',
  async (type, from, code) => {
    const answers = [];
    for (const { method, path } of endpoints) {
      const res = await send(method, path, { 'content-type': type, ...from });
      const body = (await res.json().catch(() => ({}))) as { code?: string };
      answers.push({ method, path, status: res.status, code: body.code });
    }
    expect(answers).toEqual(endpoints.map((e) => ({ ...e, status: 403, code })));
  },
);

it('does not refuse the same posts from its own origin (the 403 is the Origin check)', async () => {
  const answers = [];
  for (const { method, path } of endpoints) {
    const res = await send(method, path, {
      'content-type': 'application/x-www-form-urlencoded',
      origin: server.url,
    });
    const body = (await res.json().catch(() => ({}))) as { code?: string };
    answers.push({ method, path, code: body.code });
  }
  for (const answer of answers) {
    expect(answer.code).not.toBe('INVALID_ORIGIN');
    expect(answer.code).not.toBe('MISSING_OR_NULL_ORIGIN');
  }
});
