/**
 * The per-address limit on `/two-factor/*` with rate limiting on (as in production): past 10
 * requests a minute, 429 with `Retry-After`, whatever the codes were.
 */
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { postJson } from './http.js';

let auth: AuthServer;
beforeAll(async () => {
  auth = await startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'true' });
});
afterAll(() => auth?.close());

it('limits two-factor attempts per client address: 429 with Retry-After', async () => {
  const statuses: number[] = [];
  let limited: Headers | undefined;
  for (let i = 0; i < 11; i++) {
    const res = await postJson(auth.url, '/api/auth/two-factor/verify-totp', { code: '123456' });
    statuses.push(res.status);
    if (res.status === 429) limited = res.headers;
  }
  expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
  expect(statuses[10]).toBe(429);
  expect(Number(limited?.get('retry-after'))).toBeGreaterThan(0);
});
