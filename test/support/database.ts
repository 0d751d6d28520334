import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../scripts/lib/embedded-db.js';
import { applyMigrations } from '../../scripts/lib/migrations.js';

/** A fresh, migrated database of its own for one test file. */
export interface TestDatabase {
  /** postgresql:// connection string; give it to the app as DATABASE_URL. */
  url: string;
  /** Drops it (server) or stops it (embedded). Call in afterAll. */
  stop(): Promise<void>;
}

/**
 * A fresh database with every migration of prisma/migrations applied.
 * - `DATABASE_URL` unset: an in-memory PGlite served over the wire protocol on a free loopback port.
 * - `DATABASE_URL` set: `CREATE DATABASE kit_test_<random>` on that server, dropped by `stop()`.
 *
 * @example
 * let db: TestDatabase;
 * beforeAll(async () => { db = await startTestDatabase(); });
 * afterAll(() => db.stop());
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedDatabase({ port: 0 });
    return { url: embedded.url, stop: embedded.stop };
  }
  const name = `kit_test_${randomBytes(6).toString('hex')}`;
  await createDatabase(serverUrl, name);
  const url = withDatabase(serverUrl, name);
  try {
    await applyMigrations(url);
  } catch (error) {
    await onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    url,
    stop: () => (stopped ??= onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

/** CREATE DATABASE, retried while template1 is busy (55006: another session copies or uses it). */
async function createDatabase(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await onServer(serverUrl, `CREATE DATABASE "${name}"`);
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
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
