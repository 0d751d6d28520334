import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database of its own on a PostgreSQL server, made by {@link createServerDatabase}. */
export interface ServerDatabase {
  /** Its name, `<prefix>_<12 hex digits>`. */
  name: string;
  /** postgresql:// connection string: the server's URL with this database as the path. */
  url: string;
  /** `DROP DATABASE … WITH (FORCE)`; later calls return the first call's promise. */
  drop(): Promise<void>;
}

/**
 * `CREATE DATABASE "<prefix>_<random>"` on the server at `serverUrl`, then `migrate(url)` on it
 * (dropping it again when that fails). Kept free of the plain-JS scripts/lib modules so that the
 * bench, compiled on its own, can use it too: the caller passes `applyMigrations` from
 * scripts/lib/migrations.js as `migrate`.
 */
export async function createServerDatabase(
  serverUrl: string,
  options: { prefix: string; migrate: (url: string) => Promise<unknown> },
): Promise<ServerDatabase> {
  const name = `${options.prefix}_${randomBytes(6).toString('hex')}`;
  await createDatabase(serverUrl, name);
  const url = withDatabase(serverUrl, name);
  const dropNow = () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    await options.migrate(url);
  } catch (error) {
    await dropNow();
    throw error;
  }
  let dropped: Promise<void> | undefined;
  return { name, url, drop: () => (dropped ??= dropNow()) };
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
