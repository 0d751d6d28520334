import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServerDatabase } from '../../../test/support/server-database.js';

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

export interface BenchDatabase {
  url: string;
  /** For the report. */
  description: string;
  stop(): Promise<void>;
}

/**
 * A fresh, migrated database for the bench's apps, as test/support/database.ts makes them for
 * tests: on the `DATABASE_URL` server when set (a new database, dropped at the end, made by the
 * same test/support/server-database.ts), else an in-memory embedded PGlite served over the wire
 * protocol from the bench process.
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
  const { name, url, drop } = await createServerDatabase(serverUrl, {
    prefix: 'kit_bench',
    migrate: applyMigrations,
  });
  const { hostname, port } = new URL(url);
  return {
    url,
    description: `PostgreSQL on ${hostname}:${port || 5432} (fresh database ${name})`,
    stop: drop,
  };
}
