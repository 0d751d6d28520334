import {
  enumerationFloors,
  PASSWORD_RESET_FLOOR_MS,
  SIGN_IN_FAILURE_FLOOR_MS,
  SIGN_UP_FLOOR_MS,
  withResponseFloor,
  type FloorTimer,
} from './response-floor.js';

/** A fake clock: handlers "take" time by advancing it; sleeping advances it too and is recorded. */
function fakeTimer() {
  let now = 1_000;
  const slept: number[] = [];
  const timer: FloorTimer = {
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
  return { timer, slept, advance: (ms: number) => void (now += ms), at: () => now };
}

const post = (path: string) =>
  new Request(`http://auth.test${path}`, { method: 'POST', body: '{}' });

describe('withResponseFloor', () => {
  const floors = {
    '/request-password-reset': { ms: 200 },
    '/sign-in/email': { ms: 300, failuresOnly: true },
  };
  /** The handler behind the floors above, mounted at /api/auth, on the fake clock. */
  const floored = (clock: ReturnType<typeof fakeTimer>, handler: () => Promise<Response>) =>
    withResponseFloor(handler, '/api/auth', floors, clock.timer);

  it('answers both outcomes at the same instant: the fast one waits longer, the slow one less', async () => {
    const clock = fakeTimer();
    const outcomes: Record<string, number> = { known: 7, unknown: 5 };
    const finished: Record<string, number> = {};
    for (const [outcome, cost] of Object.entries(outcomes)) {
      const start = clock.at();
      const wrapped = floored(clock, () => {
        clock.advance(cost);
        return Promise.resolve(Response.json({ status: true }));
      });
      const res = await wrapped(post('/api/auth/request-password-reset'));
      expect(res.status).toBe(200);
      finished[outcome] = clock.at() - start;
    }
    expect(clock.slept).toEqual([193, 195]);
    expect(finished).toEqual({ known: 200, unknown: 200 });
  });

  it('pads error answers and thrown errors the same way', async () => {
    const clock = fakeTimer();
    const answer = floored(clock, () =>
      Promise.resolve(Response.json({ code: 'X' }, { status: 400 })),
    );
    expect((await answer(post('/api/auth/request-password-reset'))).status).toBe(400);
    const thrown = floored(clock, () => Promise.reject(new Error('boom')));
    await expect(thrown(post('/api/auth/request-password-reset'))).rejects.toThrow('boom');
    expect(clock.slept).toEqual([200, 200]);
  });

  it('does not sleep when the work already took longer than the floor', async () => {
    const clock = fakeTimer();
    const wrapped = floored(clock, () => {
      clock.advance(250);
      return Promise.resolve(new Response('{}'));
    });
    await wrapped(post('/api/auth/request-password-reset'));
    expect(clock.slept).toEqual([]);
  });

  it.each([
    '/api/auth/request-password-reset/',
    '/api/auth//request-password-reset',
    '/API/auth/Request-Password-Reset',
    '/api/auth/request%2Dpassword-reset',
    '/api/auth/request-password-reset?x=1',
  ])('matches the spelling %s', async (path) => {
    const clock = fakeTimer();
    const wrapped = floored(clock, () => Promise.resolve(new Response('{}')));
    await wrapped(post(path));
    expect(clock.slept).toEqual([200]);
  });

  it('leaves other paths and non-POST requests alone', async () => {
    const clock = fakeTimer();
    const wrapped = floored(clock, () => Promise.resolve(new Response('{}')));
    await wrapped(post('/api/auth/sign-up/email'));
    await wrapped(post('/elsewhere/request-password-reset'));
    await wrapped(new Request('http://auth.test/api/auth/request-password-reset'));
    expect(clock.slept).toEqual([]);
  });

  it('with failuresOnly, pads error answers and thrown errors but not successes', async () => {
    const clock = fakeTimer();
    const answering = (status: number) =>
      floored(clock, () => Promise.resolve(Response.json({}, { status })));
    expect((await answering(200)(post('/api/auth/sign-in/email'))).status).toBe(200);
    expect(clock.slept).toEqual([]);
    expect((await answering(401)(post('/api/auth/sign-in/email'))).status).toBe(401);
    const thrown = floored(clock, () => Promise.reject(new Error('boom')));
    await expect(thrown(post('/api/auth/sign-in/email'))).rejects.toThrow('boom');
    expect(clock.slept).toEqual([300, 300]);
  });
});

describe('enumerationFloors', () => {
  it('pads reset always, sign-in failures always and sign-up only with email verification on', () => {
    const signIn = { ms: SIGN_IN_FAILURE_FLOOR_MS, failuresOnly: true };
    expect(enumerationFloors(true)).toEqual({
      '/sign-in/email': signIn,
      '/request-password-reset': { ms: PASSWORD_RESET_FLOOR_MS },
      '/sign-up/email': { ms: SIGN_UP_FLOOR_MS },
    });
    expect(enumerationFloors(false)).toEqual({
      '/sign-in/email': signIn,
      '/request-password-reset': { ms: PASSWORD_RESET_FLOOR_MS },
    });
  });
});
