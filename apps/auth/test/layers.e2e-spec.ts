/**
 * The order of the layers around Better Auth's handler (apps/auth/src/auth/auth.layers.ts), where a
 * different order would change an answer. Each layer's own behaviour is tested in its own file; here,
 * one request meets two layers and the answer shows which ran first. Better Auth's Origin rules are
 * off when NODE_ENV=test, so the file runs on development (set before anything imports Better Auth).
 */
import type { AuthServer } from '../../../test/support/auth-server.js';
import { INPUT_LIMITS } from '../src/auth/auth.limits.js';
import { postFrom } from './http.js';

process.env.NODE_ENV = 'development';
const { startAuthServer } = await import('../../../test/support/auth-server.js');

describe('auth server layers, in order', () => {
  let auth: AuthServer;
  let cookie: string;
  beforeAll(async () => {
    auth = await startAuthServer({ NODE_ENV: 'development' });
    const user = await auth.signUp();
    cookie = `better-auth.session_token=${user.sessionToken}`;
  });
  afterAll(async () => {
    await auth?.close();
  });

  const crossSite = (body: string, type: string) =>
    fetch(`${auth.url}/api/auth/update-user`, {
      method: 'POST',
      headers: { 'content-type': type, origin: 'https://evil.example', cookie },
      body,
    });

  it('the HTTP middleware refuses an oversized body before any plugin reads the request', async () => {
    const res = await crossSite('a='.padEnd(100 * 1024, 'x'), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(413);
  });

  it('the cross-site plugin refuses a foreign Origin before Better Auth checks the media type', async () => {
    const res = await crossSite('name=attacker', 'text/plain');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'INVALID_ORIGIN' });
  });

  it('input limits run before the per-account limit: malformed attempts do not lock the account', async () => {
    const { user, password } = await auth.signUp();
    const from = '127.0.2.1';
    const tooLong = 'x'.repeat(INPUT_LIMITS.password + 1);
    const statuses: number[] = [];
    // more malformed attempts than the per-account limit allows from one address (10)
    for (let i = 0; i < 12; i++) {
      const res = await postFrom(from, auth.url, '/api/auth/sign-in/email', {
        email: user.email,
        password: tooLong,
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(12).fill(400));
    const owner = await postFrom(from, auth.url, '/api/auth/sign-in/email', {
      email: user.email,
      password,
    });
    expect(owner.status).toBe(200);
  });
});
