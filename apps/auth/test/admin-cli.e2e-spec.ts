/**
 * `npm run admin` end to end: the real script (scripts/admin.js, running the built CLI) in a child
 * process against the database of a running auth server, with and without Redis; the effect is
 * checked through HTTP: the next token of a session carries the new role, a ban or a revocation
 * ends the sessions, and the first admin can use the admin API.
 */
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { decodeJwt } from 'jose';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { dropVariantKeys, storageVariants } from '../../../test/support/redis.js';
import { ensureBuilt } from '../../../test/faults/support/built-app.js';
import { bearer, get, postJson } from './http.js';

const SECRET = 'Qm7xV2pL9sT4wZ8nR3cY6bJ1hF5dG0kA';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const variants = await storageVariants('admin-cli');

describe.each(variants)('npm run admin, $name', (variant) => {
  const { env, run } = variant;
  const maybe = run ? it : it.skip;
  let auth: AuthServer;
  let cliEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    if (!run) return;
    ensureBuilt();
    const serverEnv = {
      NODE_ENV: 'development',
      AUTH_RATE_LIMIT: 'false',
      BETTER_AUTH_SECRET: SECRET,
      ...env,
    };
    auth = await startAuthServer(serverEnv);
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    cliEnv = {
      ...inherited,
      ...serverEnv,
      DATA_DIR: dirname(auth.mailbox),
      DATABASE_URL: auth.databaseUrl,
    };
  }, 120_000);
  afterAll(async () => {
    await auth?.close();
    await dropVariantKeys(variant);
  });

  const cli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    new Promise<CliResult>((resolve) => {
      execFile(
        process.execPath,
        ['scripts/admin.js', ...args],
        { env: { ...cliEnv, ...extraEnv }, timeout: 60_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  const roleIn = async (sessionToken: string) => decodeJwt(await auth.token(sessionToken)).role;
  const signIn = (email: string, password: string) =>
    postJson(auth.url, '/api/auth/sign-in/email', { email, password });

  maybe(
    'bootstraps the first admin: the next token says admin, and the admin API opens',
    async () => {
      const { user, sessionToken } = await auth.signUp();
      expect(await roleIn(sessionToken)).toBe('user');
      const before = await get(auth.url, '/api/auth/admin/list-users', bearer(sessionToken));
      expect(before.status).toBe(403);

      const out = await cli(['set-role', user.email, 'admin']);
      expect(out).toMatchObject({ code: 0 });
      expect(out.stdout).toContain(`${user.email} now has the role admin`);

      expect(await roleIn(sessionToken)).toBe('admin');
      const listed = await get<{ users: { email: string }[] }>(
        auth.url,
        '/api/auth/admin/list-users',
        bearer(sessionToken),
      );
      expect(listed.status).toBe(200);
      expect(listed.body.users.map((u) => u.email)).toContain(user.email);

      expect((await cli(['set-role', user.email, 'user'])).code).toBe(0);
      expect(await roleIn(sessionToken)).toBe('user');
    },
    60_000,
  );

  maybe(
    'bans with a reason and an expiry (sessions end, sign-in refused), then unbans',
    async () => {
      const { user, sessionToken, password } = await auth.signUp();
      const out = await cli(['ban', user.email, '--reason', 'spam', '--expires-in', '2h']);
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/is banned until \d{4}-.*\(reason: spam\)/);
      expect((await get(auth.url, '/api/auth/token', bearer(sessionToken))).status).toBe(401);
      const refused = await signIn(user.email, password);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'BANNED_USER' });

      expect((await cli(['unban', user.email])).code).toBe(0);
      const back = await signIn(user.email, password);
      expect(back.status).toBe(200);
      expect(await auth.token(back.headers.get('set-auth-token')!)).toMatch(/^ey/);
    },
    60_000,
  );

  maybe(
    'revokes every session of a user',
    async () => {
      const { user, sessionToken, password } = await auth.signUp();
      const second = (await signIn(user.email, password)).headers.get('set-auth-token')!;
      expect((await cli(['revoke-sessions', user.email])).code).toBe(0);
      for (const token of [sessionToken, second]) {
        expect((await get(auth.url, '/api/auth/token', bearer(token))).status).toBe(401);
      }
    },
    60_000,
  );

  maybe(
    'says what is wrong: an unknown user (1), a bad command line (2)',
    async () => {
      const unknown = await cli(['set-role', 'nobody-at-all@example.com', 'admin']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('no user nobody-at-all@example.com');
      const usage = await cli(['set-role', 'someone@example.com', 'owner']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/one of user, admin[\s\S]*usage: npm run admin/);
    },
    60_000,
  );
});

// DATABASE_URL unset: the command finds the embedded server on EMBEDDED_DB_PORT, as the apps do.
const embedded = !process.env.DATABASE_URL;
(embedded ? describe : describe.skip)('npm run admin on the embedded database', () => {
  let auth: AuthServer;
  beforeAll(async () => {
    ensureBuilt();
    auth = await startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'false' });
  }, 120_000);
  afterAll(async () => {
    await auth?.close();
  });

  it('uses the running embedded server when DATABASE_URL is unset', async () => {
    const { user, sessionToken } = await auth.signUp();
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const port = new URL(auth.databaseUrl).port;
    const result = await new Promise<CliResult>((resolve) => {
      execFile(
        process.execPath,
        ['scripts/admin.js', 'set-role', user.email, 'admin'],
        {
          env: {
            ...inherited,
            NODE_ENV: 'development',
            DATA_DIR: dirname(auth.mailbox),
            EMBEDDED_DB_PORT: port,
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(result).toMatchObject({ code: 0 });
    expect(result.stderr).toContain(`embedded database already running on port ${port}`);
    expect(decodeJwt(await auth.token(sessionToken)).role).toBe('admin');
  }, 60_000);
});
