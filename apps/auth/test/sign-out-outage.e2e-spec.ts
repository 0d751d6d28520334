/**
 * Sign-out while the database is down (a PostgreSQL 15 server of this file's own, stopped under the
 * running auth server): the session cannot be deleted, so the answer is the kit's 503
 * `DATABASE_UNAVAILABLE` with `Retry-After`, the cookie is kept, and the same sign-out succeeds
 * once the database is back. Skipped where no private PostgreSQL can run (see private-postgres.ts).
 */
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import {
  PrivatePostgres,
  privatePostgresAvailable,
} from '../../../test/faults/support/private-postgres.js';
import { bearer, get, postJson, type Answer } from './http.js';

const describeIf = privatePostgresAvailable() ? describe : describe.skip;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeIf('sign-out during a database outage', () => {
  let db: PrivatePostgres;
  let auth: AuthServer;

  beforeAll(async () => {
    db = await PrivatePostgres.start();
    auth = await startAuthServer({
      DATABASE_URL: db.url,
      NODE_ENV: 'development',
      AUTH_RATE_LIMIT: 'false',
    });
  }, 60_000);
  afterAll(async () => {
    await auth?.close();
    await db?.destroy();
  });

  const expectUnavailable = (res: Answer) => {
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(res.headers.getSetCookie()).toEqual([]);
  };

  it('answers 503 and keeps the cookie, then signs out once the database is back', async () => {
    const byCookie = await auth.signUp();
    const byBearer = await auth.signUp();

    await db.halt('fast');
    try {
      expectUnavailable(
        await postJson(auth.url, '/api/auth/sign-out', {}, { cookie: byCookie.cookie }),
      );
      expectUnavailable(
        await postJson(auth.url, '/api/auth/sign-out', {}, bearer(byBearer.sessionToken)),
      );
    } finally {
      await db.resume();
    }
    let ready = false;
    for (let i = 0; i < 100 && !ready; i++) {
      ready = (await get(auth.url, '/health/ready')).status === 200;
      if (!ready) await sleep(100);
    }
    expect(ready).toBe(true);

    // The sessions survived the failed sign-outs, and a retry ends them.
    for (const { sessionToken } of [byCookie, byBearer]) {
      expect(await auth.token(sessionToken)).toMatch(/^ey/);
    }
    const out = await postJson(auth.url, '/api/auth/sign-out', {}, { cookie: byCookie.cookie });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join(';')).toMatch(/session_token=;/);
    const outBearer = await postJson(
      auth.url,
      '/api/auth/sign-out',
      {},
      bearer(byBearer.sessionToken),
    );
    expect(outBearer.status).toBe(200);
    for (const { sessionToken } of [byCookie, byBearer]) {
      expect((await get(auth.url, '/api/auth/token', bearer(sessionToken))).status).toBe(401);
    }
  }, 60_000);
});
