import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../support/ports.js';

/** How many migrations a new database gets: every directory of prisma/migrations. */
const MIGRATIONS = readdirSync('prisma/migrations', { withFileTypes: true }).filter((entry) =>
  entry.isDirectory(),
).length;

const SLOW = 120_000; // PGlite and the config build take seconds on a busy machine

/** `npm run db:start` as a child process, with its output collected. */
function dbStart(env: Record<string, string>) {
  const child = spawn(process.execPath, ['scripts/db-start.js'], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = output.split('\n').find((l) => pattern.test(l));
        if (found) return resolve(found);
        if (child.exitCode !== null) return reject(new Error(`exited: ${output}`));
        setTimeout(check, 100);
      };
      check();
    });
  return { child, exited, line, output: () => output };
}

async function sql<T extends pg.QueryResultRow>(port: number, text: string) {
  const client = new pg.Client({
    connectionString: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
  });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('db:start', () => {
  let dataDir: string;
  let port: number;
  let running: ChildProcess | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kit-db-start-'));
    port = await freePort();
  });
  afterAll(() => {
    if (running?.exitCode === null) running.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'serves a migrated database on EMBEDDED_DB_PORT and keeps data across a SIGTERM restart',
    async () => {
      const env = { DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(port) };
      const first = dbStart(env);
      running = first.child;
      expect(await first.line(/ready/)).toContain(`127.0.0.1:${port}`);
      expect(first.output()).toContain(`${MIGRATIONS} migration(s) applied`);
      await sql(
        port,
        `INSERT INTO note (id, "ownerId", title, "updatedAt") VALUES (gen_random_uuid(), 'u1', 'kept', now())`,
      );

      // a second db:start sees the running server and leaves it alone
      const twin = dbStart(env);
      await expect(twin.exited).resolves.toBe(0);
      expect(twin.output()).toMatch(/already running on port/);

      first.child.kill('SIGTERM');
      await expect(first.exited).resolves.toBe(0);

      const second = dbStart(env);
      running = second.child;
      await second.line(/ready/);
      expect(second.output()).not.toMatch(/migration\(s\) applied/);
      const rows = await sql<{ title: string }>(port, 'SELECT title FROM note');
      expect(rows.map((r) => r.title)).toEqual(['kept']);
      second.child.kill('SIGINT');
      await expect(second.exited).resolves.toBe(0);
    },
    SLOW,
  );

  it(
    'refuses, in one line, a port held by something else',
    async () => {
      // not PostgreSQL: answers anything with an HTTP error and hangs up
      const server: Server = createServer((socket) =>
        socket.end('HTTP/1.1 400 Bad Request\r\n\r\n', () => socket.destroy()),
      );
      const busy = await freePort();
      await new Promise<void>((resolve) => server.listen(busy, '127.0.0.1', resolve));
      try {
        const attempt = dbStart({ DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(busy) });
        await expect(attempt.exited).resolves.toBe(1);
        const lines = attempt.output().trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/port \d+ \(EMBEDDED_DB_PORT\) is taken by something that is not/);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    },
    SLOW,
  );
});
