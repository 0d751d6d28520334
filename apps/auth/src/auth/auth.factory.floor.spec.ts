import { loadAuthConfig } from '#config';
import type { PrismaService } from '#database';
import { createAuth } from './auth.factory.js';
import {
  PASSWORD_RESET_FLOOR_MS,
  SIGN_IN_FAILURE_FLOOR_MS,
  SIGN_UP_FLOOR_MS,
  type FloorTimer,
} from './response-floor.js';

/**
 * A Prisma stand-in whose every model call fails as if the database were down: each request ends
 * in a fast 503, which is enough to see which endpoints the floors wrap (the real database and
 * both outcomes are exercised by test/security/enumeration.e2e-spec.ts).
 */
const unreachablePrisma = new Proxy(
  {},
  {
    get: (_t, prop) =>
      typeof prop === 'string' && prop.startsWith('$')
        ? () => Promise.resolve()
        : new Proxy(
            {},
            { get: () => () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')) },
          ),
  },
) as unknown as PrismaService;

function authWithRecordedFloors(requireEmailVerification: boolean) {
  const slept: number[] = [];
  const timer: FloorTimer = {
    now: () => 0, // time stands still: a padded answer sleeps the whole floor
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
  };
  const config = loadAuthConfig({
    AUTH_URL: 'http://localhost:3001',
    AUTH_RATE_LIMIT: 'false',
    REQUIRE_EMAIL_VERIFICATION: String(requireEmailVerification),
  });
  const auth = createAuth({
    config,
    secret: 'a-test-secret-of-at-least-32-characters!',
    prisma: unreachablePrisma,
    mailer: { send: () => Promise.resolve() },
    redis: null,
    floorTimer: timer,
  });
  const post = (path: string, body: object) =>
    auth.handler(
      new Request(`http://localhost:3001/api/auth${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3001' },
        body: JSON.stringify(body),
      }),
    );
  return { post, slept };
}

const credentials = { email: 'someone@example.com', password: 'long enough password' };

describe('createAuth response-time floors', () => {
  it('pads reset requests, failed sign-ins and, with verification on, sign-ups through the real handler', async () => {
    const { post, slept } = authWithRecordedFloors(true);
    const statuses = [
      (await post('/request-password-reset', { email: credentials.email, redirectTo: '/reset' }))
        .status,
      (await post('/sign-in/email', credentials)).status,
      (await post('/sign-up/email', { ...credentials, name: 'Someone' })).status,
    ];
    expect(statuses).toEqual([503, 503, 503]);
    expect(slept).toEqual([PASSWORD_RESET_FLOOR_MS, SIGN_IN_FAILURE_FLOOR_MS, SIGN_UP_FLOOR_MS]);
  });

  it('does not pad sign-up when verification is off (a taken address is an explicit 422 then), nor other endpoints', async () => {
    const { post, slept } = authWithRecordedFloors(false);
    await post('/sign-up/email', { ...credentials, name: 'Someone' });
    await post('/sign-out', {});
    expect(slept).toEqual([]);
    await post('/request-password-reset', { email: credentials.email });
    expect(slept).toEqual([PASSWORD_RESET_FLOOR_MS]);
  });
});
