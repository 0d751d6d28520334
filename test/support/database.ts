import { startEmbeddedDatabase } from '../../scripts/lib/embedded-db.js';
import { applyMigrations } from '../../scripts/lib/migrations.js';
import { createServerDatabase } from './server-database.js';

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
 * - `DATABASE_URL` set: `CREATE DATABASE kit_test_<random>` on that server, dropped by `stop()`
 *   (see test/support/server-database.ts).
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
  const { url, drop } = await createServerDatabase(serverUrl, {
    prefix: 'kit_test',
    migrate: applyMigrations,
  });
  return { url, stop: drop };
}
