import { betterAuth } from 'better-auth/minimal';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { router } from 'better-auth/api';
import { cachedRouterHandler } from './cached-router.js';

const BASE = 'http://localhost:3001';

function memoryAuth(
  trustedOrigins: string[] | ((request?: Request) => Promise<string[]>),
  pluginOrigins: string[] = [],
) {
  return betterAuth({
    baseURL: BASE,
    secret: 'a-test-secret-of-at-least-32-characters!',
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    emailAndPassword: { enabled: true },
    trustedOrigins,
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: { disabled: true },
    // Better Auth skips its origin check under NODE_ENV=test unless told otherwise
    advanced: { disableOriginCheck: false },
    // a plugin may add trusted origins at init, after Better Auth computed its context's own list
    plugins: [{ id: 'more-origins', init: () => ({ options: { trustedOrigins: pluginOrigins } }) }],
  });
}

/** A handler over {@link cachedRouterHandler} that counts how often it builds Better Auth's router. */
function counted(auth: ReturnType<typeof memoryAuth>) {
  const built = { count: 0 };
  const handler = cachedRouterHandler(auth, (ctx, options) => {
    built.count++;
    return router(ctx, options);
  });
  return { handler, built };
}

async function signUp(handler: (r: Request) => Promise<Response>, email: string) {
  const res = await handler(
    new Request(`${BASE}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE },
      body: JSON.stringify({ email, password: 'long enough password', name: email }),
    }),
  );
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

const sessionOf = async (handler: (r: Request) => Promise<Response>, cookie: string) => {
  const res = await handler(new Request(`${BASE}/api/auth/get-session`, { headers: { cookie } }));
  return ((await res.json()) as { user?: { email: string } } | null)?.user?.email ?? null;
};

describe('cachedRouterHandler', () => {
  it("builds Better Auth's router once and answers as Better Auth does", async () => {
    const auth = memoryAuth([BASE]);
    const { handler, built } = counted(auth);
    const cookie = await signUp(handler, 'one@example.com');
    for (let i = 0; i < 3; i++) {
      const res = await handler(new Request(`${BASE}/api/auth/ok`));
      expect(await res.json()).toEqual({ ok: true });
    }
    expect(await sessionOf(handler, cookie)).toBe('one@example.com');
    expect(await sessionOf(auth.handler, cookie)).toBe('one@example.com');
    expect(built.count).toBe(1);
    // the origin rule still applies: a cookie-carrying post from a foreign origin is refused
    const foreign = await handler(
      new Request(`${BASE}/api/auth/sign-out`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example', cookie },
        body: '{}',
      }),
    );
    expect(foreign.status).toBe(403);
    expect(await sessionOf(handler, cookie)).toBe('one@example.com');
  });

  it('trusts the origins plugins add at init, as Better Auth does', async () => {
    const auth = memoryAuth([BASE], ['https://partner.example']);
    const { handler } = counted(auth);
    const cookie = await signUp(handler, 'partner@example.com');
    const rename = (from: (r: Request) => Promise<Response>, origin: string) =>
      from(
        new Request(`${BASE}/api/auth/update-user`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin, cookie },
          body: JSON.stringify({ name: 'renamed' }),
        }),
      ).then((res) => res.status);
    expect(await rename(auth.handler, 'https://partner.example')).toBe(200);
    expect(await rename(handler, 'https://partner.example')).toBe(200);
    expect(await rename(auth.handler, 'https://evil.example')).toBe(403);
    expect(await rename(handler, 'https://evil.example')).toBe(403);
  });

  it('keeps concurrent requests apart: each sees its own session, a signed-out one none', async () => {
    const { handler, built } = counted(memoryAuth([BASE]));
    const [a, b] = [await signUp(handler, 'a@example.com'), await signUp(handler, 'b@example.com')];
    const seen = await Promise.all(
      Array.from({ length: 30 }, (_, i) => sessionOf(handler, [a, b, 'x=1'][i % 3])),
    );
    expect(seen).toEqual(
      Array.from({ length: 30 }, (_, i) => ['a@example.com', 'b@example.com', null][i % 3]),
    );
    expect(built.count).toBe(1);
  });

  it("is Better Auth's own handler when trusted origins depend on the request", async () => {
    const { handler, built } = counted(memoryAuth(() => Promise.resolve([BASE])));
    const cookie = await signUp(handler, 'dynamic@example.com');
    expect(await sessionOf(handler, cookie)).toBe('dynamic@example.com');
    expect(built.count).toBe(0);
  });
});
