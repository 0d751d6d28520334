import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { applyMigrations } from '../../../scripts/lib/migrations.js';
import { freePort } from '../../support/ports.js';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';

/** Whether this machine can run a private PostgreSQL 15 (binaries present, `postgres` user, root). */
export function privatePostgresAvailable(): boolean {
  return (
    existsSync(join(BIN, 'initdb')) &&
    existsSync('/usr/sbin/runuser') &&
    typeof process.getuid === 'function' &&
    process.getuid() === 0
  );
}

/** Runs a PostgreSQL binary as the `postgres` OS user (initdb and postgres refuse to run as root). */
async function asPostgres(binary: string, args: string[]): Promise<string> {
  const { stdout } = await run(
    '/usr/sbin/runuser',
    ['-u', 'postgres', '--', join(BIN, binary), ...args],
    {
      timeout: 30_000,
    },
  );
  return stdout;
}

/**
 * A PostgreSQL 15 server of a test file's own: `initdb` into a temp dir, started on a free loopback
 * port, stoppable and restartable while apps use it, without touching the shared server other test
 * files use. The schema is applied from prisma/migrations.
 */
export class PrivatePostgres {
  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly settings: string[],
  ) {}

  /** initdb + start + migrate. `settings` are extra `name=value` server settings (logging, say). */
  static async start(settings: string[] = []): Promise<PrivatePostgres> {
    const dir = await mkdtemp(join(tmpdir(), 'kit-private-pg-'));
    await chmod(dir, 0o700);
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
    await asPostgres('initdb', [
      '-D',
      join(dir, 'data'),
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    const server = new PrivatePostgres(dir, await freePort(), settings);
    await server.resume();
    await server.migrate();
    return server;
  }

  /** Connection string of the `postgres` database. */
  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Starts (or restarts) the server and waits until it accepts connections. */
  async resume(): Promise<void> {
    await asPostgres('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-o',
      `-p ${this.port} -h 127.0.0.1 -k ${this.dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${this.settings.map((x) => `-c ${x}`).join(' ')}`,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '30',
      'start',
    ]);
  }

  /** Stops the server the way a crash or an operator would: `fast` ends every session at once. */
  async halt(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await asPostgres('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-m',
      mode,
      '-w',
      '-t',
      '30',
      'stop',
    ]);
  }

  /** Runs one query on a short-lived connection. */
  async query<T extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  /** The server's log so far. */
  async log(): Promise<string> {
    return readFile(join(this.dir, 'server.log'), 'utf8').catch(() => '');
  }

  /** Stops the server if running and deletes its files. */
  async destroy(): Promise<void> {
    await this.halt('immediate').catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Applies prisma/migrations as `prisma migrate deploy` would (the project's own applier). */
  private async migrate(): Promise<void> {
    await applyMigrations(this.url);
  }
}
