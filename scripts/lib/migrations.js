// Applies the Prisma migrations in prisma/migrations to a PostgreSQL database (a real server or the
// embedded PGlite one), recording them in `_prisma_migrations` exactly as `prisma migrate deploy` does,
// so a machine with Prisma's native engine sees the same history and nothing pending.
//
// Why not the Wasm schema engine's own applyMigrations: through @prisma/adapter-pg it splits scripts
// on every ";" (breaking any literal or function body that contains one), and on PGlite every
// connection shares one session, so its session advisory lock excludes nobody. Here each migration runs
// whole, in one transaction that first takes a transaction advisory lock (Prisma's own key): on
// PostgreSQL concurrent appliers (ours or `prisma migrate deploy`) queue; on PGlite an open transaction
// already holds every other connection back.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';

/** The directory of migrations, relative to the working directory (the repository root). */
export const MIGRATIONS_DIR = resolve('prisma/migrations');

/** `pg_advisory_lock` key used by Prisma Migrate on PostgreSQL: sharing it excludes `prisma migrate` too. */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** Prisma's own definition of its bookkeeping table (schema-engine, postgres flavour). */
export const PRISMA_MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** sha256 hex of a migration script: the checksum Prisma stores. */
export function checksum(script) {
  return createHash('sha256').update(script).digest('hex');
}

/** The migrations on disk, oldest first: `{ name, script, checksum }`. */
export function readMigrations(dir = MIGRATIONS_DIR) {
  if (!existsSync(dir)) return [];
  const lock = join(dir, 'migration_lock.toml');
  if (existsSync(lock) && !/provider\s*=\s*"postgresql"/.test(readFileSync(lock, 'utf8'))) {
    throw new Error(`${lock} names another provider than "postgresql"`);
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const script = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, script, checksum: checksum(script) };
    });
}

// Appliers in one process run one at a time (a test may start two at once against the same server).
let queue = Promise.resolve();

/**
 * Applies every pending migration, each in its own transaction under an advisory lock.
 * Returns the names applied now (empty when the database was up to date).
 * Refuses, like `prisma migrate deploy`, while a migration is recorded as failed.
 *
 * @param {string} url postgresql:// connection string
 * @param {{ dir?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<string[]>}
 */
export function applyMigrations(url, options = {}) {
  const run = queue.then(() => applyPending(url, options));
  queue = run.catch(() => undefined);
  return run;
}

async function applyPending(url, { dir = MIGRATIONS_DIR, log = () => {} } = {}) {
  const migrations = readMigrations(dir);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  client.on('error', () => {}); // a dropped connection surfaces through the pending query instead
  const applied = [];
  try {
    const done = await appliedNames(client);
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      if (await applyOne(client, migration)) {
        applied.push(migration.name);
        log(`applied ${migration.name}`);
      }
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  return applied;
}

/** Names already applied, read without locking (a cheap first look; each apply re-checks under the lock). */
async function appliedNames(client) {
  const { rows } = await client.query(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`,
  );
  if (!rows[0].present) return new Set();
  const result = await client.query(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Set(result.rows.map((row) => row.migration_name));
}

async function applyOne(client, migration) {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    await client.query(PRISMA_MIGRATIONS_TABLE_DDL);
    const { rows } = await client.query(
      `SELECT migration_name, finished_at, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const failed = rows.find((row) => row.finished_at === null);
    if (failed) {
      throw new Error(
        `migration ${failed.migration_name} is recorded as failed: fix the database, then mark it with \`prisma migrate resolve\``,
      );
    }
    if (rows.some((row) => row.migration_name === migration.name)) {
      await client.query('COMMIT'); // another applier got there first
      return false;
    }
    const id = randomUUID();
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, migration.checksum, migration.name],
    );
    try {
      await client.query(migration.script); // simple protocol: the whole script, as Prisma sends it
    } catch (error) {
      throw new Error(`migration ${migration.name} failed: ${error.message}`, { cause: error });
    }
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Where a database stands against the migrations on disk, without changing it:
 * `{ applied, pending, edited, failed }` (names).
 * @param {string} url
 * @param {{ dir?: string }} [options]
 */
export async function migrationStatus(url, { dir = MIGRATIONS_DIR } = {}) {
  const migrations = readMigrations(dir);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows: present } = await client.query(
      `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`,
    );
    const rows = present[0].present
      ? (
          await client.query(
            `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
          )
        ).rows
      : [];
    const byName = new Map(rows.map((row) => [row.migration_name, row]));
    return {
      applied: rows.filter((row) => row.finished_at !== null).map((row) => row.migration_name),
      pending: migrations.filter((m) => !byName.has(m.name)).map((m) => m.name),
      edited: migrations
        .filter((m) => byName.has(m.name) && byName.get(m.name).checksum !== m.checksum)
        .map((m) => m.name),
      failed: rows.filter((row) => row.finished_at === null).map((row) => row.migration_name),
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}
