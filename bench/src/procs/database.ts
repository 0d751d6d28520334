import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

type EmbeddedDb = typeof import('../../../scripts/lib/embedded-db.js');
type Migrations = typeof import('../../../scripts/lib/migrations.js');

/** The workspace's plain-JS database scripts, loaded from the repository root (they are not compiled). */
async function scripts(): Promise<EmbeddedDb & Migrations> {
  const load = (file: string) =>
    import(pathToFileURL(join(process.cwd(), 'scripts/lib', file)).href);
  return {
    ...((await load('embedded-db.js')) as EmbeddedDb),
    ...((await load('migrations.js')) as Migrations),
  };
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface BenchDatabase {
  url: string;
  /** For the report. */
  description: string;
  stop(): Promise<void>;
}

/**
 * A fresh, migrated database for the bench's apps, as test/support/database.ts makes them for
 * tests: on the `DATABASE_URL` server when set (a new database, dropped at the end), else an
 * in-memory embedded PGlite served over the wire protocol from the bench process.
 */
export async function benchDatabase(serverUrl = process.env.DATABASE_URL): Promise<BenchDatabase> {
  const { startEmbeddedDatabase, applyMigrations } = await scripts();
  if (!serverUrl) {
    const embedded = await startEmbeddedDatabase({ port: 0, maxConnections: 64 });
    return {
      url: embedded.url,
      description:
        'embedded PGlite (in memory, served from the bench process); set DATABASE_URL for PostgreSQL',
      stop: embedded.stop,
    };
  }
  const name = `kit_bench_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    await applyMigrations(url.toString());
  } catch (error) {
    await drop();
    throw error;
  }
  const server = `${url.hostname}:${url.port || 5432}`;
  return {
    url: url.toString(),
    description: `PostgreSQL on ${server} (fresh database ${name})`,
    stop: drop,
  };
}
