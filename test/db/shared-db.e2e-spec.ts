/**
 * The embedded database shared by apps started one by one: `npm run start:auth`, `start:api` and
 * `start:mcp` (scripts/launch.js) started at the same moment must all come up on one server, and
 * stopping one of them must not stop the database under the others. Real launchers and built apps as
 * child processes, a private DATA_DIR and free ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { ensureBuilt } from '../faults/support/built-app.js';
import { freePort } from '../support/ports.js';

const SLOW = 240_000; // three apps, PGlite and migrations on a busy 2-core machine

interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** A process that only leases the database through the launcher's own code, then idles. */
const LEASE_ONLY = `
  const { leaseEmbeddedDatabase } = await import(${JSON.stringify(resolve('scripts/lib/embedded-service.js'))});
  await leaseEmbeddedDatabase(
    { dataDir: process.env.DATA_DIR, embeddedPort: Number(process.env.EMBEDDED_DB_PORT) },
    (line) => console.log(line),
  );
  console.log('leased');
  setInterval(() => {}, 60_000);
`;

/** Polls `probe` until it yields a value; fails early when `failed()` names a reason. */
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  failed: () => string | undefined = () => undefined,
  ms = 120_000,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const reason = failed();
    if (reason) throw new Error(`while waiting for ${what}: ${reason}`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function query(port: number, text: string) {
  const client = new pg.Client({
    connectionString: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    connectionTimeoutMillis: 2000,
  });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Resolves `value()` as a promise, for {@link until}. */
const now =
  <T>(value: () => T | undefined) =>
  () =>
    Promise.resolve(value());

/** 'down' once nothing accepts connections on the port. */
const databaseDown = (port: number) =>
  query(port, 'SELECT 1').then(
    () => undefined,
    (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? 'down' : undefined),
  );

const databaseCheck = async (url: string) =>
  (
    (await (await fetch(url, { signal: AbortSignal.timeout(2000) })).json()) as {
      checks?: { database?: string };
    }
  ).checks?.database;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('embedded database shared by apps started at once', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let dbPort: number;
  const ports = { auth: 0, api: 0, mcp: 0 };
  const procs: Proc[] = [];
  const lockFile = () => join(dataDir, 'pglite.pid');
  const serverPid = () => Number(readFileSync(lockFile(), 'utf8'));

  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'kit-shared-db-'));
    dbPort = await freePort();
    ports.auth = await freePort();
    ports.api = await freePort();
    ports.mcp = await freePort();
    env = {
      DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(dbPort),
      AUTH_PORT: String(ports.auth),
      API_PORT: String(ports.api),
      MCP_PORT: String(ports.mcp),
      AUTH_URL: `http://127.0.0.1:${ports.auth}`,
      API_URL: `http://127.0.0.1:${ports.api}`,
      MCP_URL: `http://127.0.0.1:${ports.mcp}`,
    };
  }, SLOW);

  afterAll(async () => {
    for (const proc of procs) if (proc.child.exitCode === null) proc.child.kill('SIGTERM');
    await Promise.all(procs.map((proc) => proc.exited));
    if (existsSync(lockFile()) && alive(serverPid())) process.kill(serverPid(), 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }, SLOW);

  it(
    'start:auth, start:api and start:mcp at the same moment share one server; stopping one keeps it',
    async () => {
      const launchers = (['auth', 'api', 'mcp'] as const).map((app) => {
        const proc = run(['scripts/launch.js', app], env);
        procs.push(proc);
        return proc;
      });
      const [auth, api, mcp] = launchers;
      const exitedEarly = () => {
        const gone = launchers.find((proc) => proc.child.exitCode !== null);
        return gone && `a launcher exited:\n${gone.output().slice(-1500)}`;
      };
      for (const app of ['auth', 'api', 'mcp'] as const) {
        await until(
          `${app} /health/ready database up`,
          async () =>
            (await databaseCheck(`http://127.0.0.1:${ports[app]}/health/ready`)) === 'up'
              ? true
              : undefined,
          exitedEarly,
        );
      }
      for (const proc of launchers) {
        expect(proc.child.exitCode).toBeNull();
        expect(proc.output()).not.toMatch(/in use by process/);
      }
      // one server, a process of its own, not one of the launchers
      const pid = serverPid();
      expect(alive(pid)).toBe(true);
      expect(launchers.map((proc) => proc.child.pid)).not.toContain(pid);

      auth.child.kill('SIGTERM');
      await expect(auth.exited).resolves.toEqual({ code: 0, signal: null });
      await new Promise((r) => setTimeout(r, 3000)); // longer than a shared server's idle stop
      expect(alive(pid)).toBe(true);
      expect(await query(dbPort, 'SELECT count(*)::int AS n FROM note')).toEqual([{ n: 0 }]);
      for (const app of ['api', 'mcp'] as const) {
        expect(await databaseCheck(`http://127.0.0.1:${ports[app]}/health/ready`)).toBe('up');
      }

      // the server dies (crash): the launchers still running start it again, over its stale lock
      process.kill(pid, 'SIGKILL');
      const restarted = await until('a new server', async () => {
        const next = existsSync(lockFile()) ? serverPid() : 0;
        return next && next !== pid && alive(next) && (await query(dbPort, 'SELECT 1'))
          ? next
          : undefined;
      });
      expect(api.output()).toMatch(/server went away: starting it again/);
      await until('api database up again', async () =>
        (await databaseCheck(`http://127.0.0.1:${ports.api}/health/ready`)) === 'up'
          ? true
          : undefined,
      );

      api.child.kill('SIGTERM');
      mcp.child.kill('SIGINT');
      await expect(api.exited).resolves.toMatchObject({ code: 0 });
      await expect(mcp.exited).resolves.toMatchObject({ code: 0 });
      // the last lease is gone: the shared server stops by itself, releasing its lock
      await until('the database to stop', () => databaseDown(dbPort));
      await until(
        'the server to exit',
        now(() => (alive(restarted) ? undefined : true)),
      );
      expect(existsSync(lockFile())).toBe(false);
    },
    SLOW,
  );

  it(
    'a lease held by a process that crashes ends with it',
    async () => {
      const holders = [0, 1].map(() => {
        const proc = run(['--input-type=module', '-e', LEASE_ONLY], env);
        procs.push(proc);
        return proc;
      });
      for (const proc of holders) {
        await until(
          'leased',
          now(() => (/leased/.test(proc.output()) ? true : undefined)),
        );
      }
      const pid = serverPid();
      holders[0].child.kill('SIGKILL');
      await holders[0].exited;
      await new Promise((r) => setTimeout(r, 3000));
      expect(await query(dbPort, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      holders[1].child.kill('SIGKILL');
      await holders[1].exited;
      await until('the database to stop', () => databaseDown(dbPort));
      await until(
        'the server to exit',
        now(() => (alive(pid) ? undefined : true)),
      );
    },
    SLOW,
  );
});
