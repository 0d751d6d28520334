/**
 * Account enumeration: with email verification on, sign-in, sign-up and
 * password reset must answer an existing and an unknown address alike: same status, same body
 * shape, and no latency difference large enough to tell them apart. Status and body are asserted;
 * latencies are measured (interleaved, many rounds) and reported in docs/security.md, not asserted
 * (the suite makes no timing assertions). apps/auth/test covers the single-request equalities.
 */
import { randomUUID } from 'node:crypto';
import type { AuthServer } from '../support/auth-server.js';
import { probe, type ProbeResult } from './support/http-probe.js';
import { writeResults } from './support/results.js';

// Better Auth reads NODE_ENV when its modules load and skips its origin (CSRF) checks under "test"
// (jest's default): set it first, then load the auth server.
process.env.NODE_ENV = 'development';
const { startAuthServer } = await import('../support/auth-server.js');

const ROUNDS = Number(process.env.ENUMERATION_ROUNDS ?? 15);
const PASSWORD = 'correct horse battery staple';
let auth: AuthServer;
let known: string;

const post = (path: string, body: unknown): Promise<ProbeResult & { ms: number }> => {
  const started = performance.now();
  return probe(`${auth.url}${path}`, {
    method: 'POST',
    headers: [
      ['content-type', 'application/json'],
      ['origin', auth.url],
    ],
    body: JSON.stringify(body),
  }).then((res) => ({ ...res, ms: performance.now() - started }));
};

/** Keys of a JSON body, recursively, with values dropped: the shape a client could compare. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shape((value as Record<string, unknown>)[k])]),
    );
  return typeof value;
}

const quartiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return [0.25, 0.75].map((q) => +sorted[Math.floor(sorted.length * q)].toFixed(1));
};
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

beforeAll(async () => {
  auth = await startAuthServer({
    NODE_ENV: 'development',
    AUTH_RATE_LIMIT: 'false',
    REQUIRE_EMAIL_VERIFICATION: 'true',
  });
  known = `known-${randomUUID()}@example.com`;
  expect(
    (await post('/api/auth/sign-up/email', { email: known, password: PASSWORD, name: 'Known' }))
      .status,
  ).toBe(200);
}, 60_000);

afterAll(async () => {
  await auth?.close();
});

const figures: Record<string, unknown> = {};
afterAll(() => writeResults('enumeration', { rounds: ROUNDS, ...figures }));

describe.each([
  {
    flow: 'sign-in with a wrong password',
    path: '/api/auth/sign-in/email',
    body: (email: string) => ({ email, password: 'not the password at all' }),
  },
  {
    flow: 'password reset request',
    path: '/api/auth/request-password-reset',
    body: (email: string) => ({ email, redirectTo: '/reset' }),
  },
  {
    flow: 'sign-up (verification on)',
    path: '/api/auth/sign-up/email',
    body: (email: string) => ({ email, password: PASSWORD, name: 'Probe' }),
  },
])('$flow', ({ flow, path, body }) => {
  it('answers an existing and an unknown address alike (status and body shape); latency reported', async () => {
    const timings = { existing: [] as number[], unknown: [] as number[] };
    const answers = { existing: new Set<string>(), unknown: new Set<string>() };
    for (let i = 0; i < ROUNDS; i++) {
      // Interleaved, alternating which goes first, so drift and warm-up hit both alike.
      const order = i % 2 ? (['existing', 'unknown'] as const) : (['unknown', 'existing'] as const);
      for (const kind of order) {
        const email = kind === 'existing' ? known : `nobody-${randomUUID()}@example.com`;
        const res = await post(path, body(email));
        timings[kind].push(res.ms);
        answers[kind].add(`${res.status} ${JSON.stringify(shape(res.json))}`);
      }
    }
    figures[flow] = {
      answers: { existing: [...answers.existing], unknown: [...answers.unknown] },
      medianMs: {
        existing: +median(timings.existing).toFixed(1),
        unknown: +median(timings.unknown).toFixed(1),
      },
      quartilesMs: {
        existing: quartiles(timings.existing),
        unknown: quartiles(timings.unknown),
      },
    };
    expect([...answers.existing]).toEqual([...answers.unknown]);
    expect(answers.existing.size).toBe(1);
  }, 120_000);
});
