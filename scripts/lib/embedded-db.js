// The embedded PostgreSQL: PGlite (PostgreSQL compiled to Wasm) served over the wire protocol on
// loopback, so every app talks to it with the same `pg` driver adapter it uses in production.
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { applyMigrations, MIGRATIONS_DIR } from './migrations.js';
import { loadTemplate, saveTemplate, templateKey } from './pglite-template.js';

/** The connection string of an embedded server on `port`. */
export function embeddedUrl(port, host = '127.0.0.1') {
  return `postgresql://postgres:postgres@${host}:${port}/postgres`;
}

/**
 * Starts PGlite (in memory, or persisted under `dataDir`), serves it on `host:port` (0 = any free
 * port) and applies pending migrations before resolving. In-memory databases start from a cached
 * snapshot of the same state when there is one (see pglite-template.js).
 *
 * @param {{ dataDir?: string, port?: number, host?: string, maxConnections?: number,
 *           migrate?: boolean, locked?: boolean, log?: (line: string) => void }} [options]
 *   `locked`: the caller already holds the data directory's lock (see {@link lockDataDir}).
 * @returns {Promise<{ url: string, port: number, applied: string[], stop(): Promise<void> }>}
 */
export async function startEmbeddedDatabase(options = {}) {
  const {
    dataDir,
    port = 0,
    host = '127.0.0.1',
    maxConnections = 32,
    migrate = true,
    migrationsDir,
    locked = false,
    log,
  } = options;
  const unlock = dataDir && !locked ? lockDataDir(dataDir) : () => {};
  // Snapshots (pglite-template.js) skip initdb: an in-memory database of the repository's own
  // migrations starts from the exact state when cached, else from the empty database that the
  // migrations then bring up to date; a new data directory starts from the empty database.
  const fresh = !dataDir || !existsSync(join(dataDir, 'PG_VERSION'));
  const ownMigrations = !migrationsDir || resolve(migrationsDir) === MIGRATIONS_DIR;
  const key = !dataDir && ownMigrations ? templateKey(migrate) : undefined;
  const emptyKey = fresh ? templateKey(false) : undefined;
  const exact = key && loadTemplate(key);
  const template = exact || (emptyKey && loadTemplate(emptyKey));
  let db;
  try {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    db = await PGlite.create({
      ...(dataDir && { dataDir }),
      ...(template && { loadDataDir: template }),
    });
  } catch (error) {
    unlock();
    throw error;
  }
  // Several connections: apps hold pools, and one connection would fail concurrent requests.
  const server = new PGLiteSocketServer({ db, port, host, maxConnections });
  try {
    await server.start();
  } catch (error) {
    await db.close().catch(() => undefined);
    unlock();
    throw error;
  }
  if (emptyKey && !template && key !== emptyKey) await saveTemplate(emptyKey, db);
  const actualPort = Number(server.getServerConn().split(':').pop());
  const url = embeddedUrl(actualPort, host);
  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      await server.stop().catch(() => undefined);
      try {
        await db.close(); // flushes the data directory
      } finally {
        unlock();
      }
    })());
  try {
    const applied = migrate ? await applyMigrations(url, { dir: migrationsDir, log }) : [];
    if (key && !exact) await saveTemplate(key, db);
    return { url, port: actualPort, applied, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * What answers on `host:port`: 'free', 'pglite' (an embedded server, ours or a twin), or 'other'.
 * @returns {Promise<'free' | 'pglite' | 'other'>}
 */
export async function probeEmbeddedPort(port, host = '127.0.0.1') {
  const client = new pg.Client({
    connectionString: embeddedUrl(port, host),
    connectionTimeoutMillis: 3000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query('SELECT version() AS version');
    return /PGlite/i.test(rows[0].version) ? 'pglite' : 'other';
  } catch (error) {
    return error.code === 'ECONNREFUSED' ? 'free' : 'other';
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * One process at a time may open a PGlite data directory (two would corrupt it): `<dataDir>.pid`
 * holds the owner's pid; a file left by a dead process is taken over. Returns the release function.
 */
export function lockDataDir(dataDir) {
  const lockFile = `${dataDir.replace(/[/\\]+$/, '')}.pid`;
  mkdirSync(dirname(lockFile), { recursive: true });
  // The pid is written to a file of this process and linked into place: creating the lock and
  // writing its pid is one step, so a process starting at the same moment never reads an empty
  // lock file (and takes it for a stale one).
  const mine = `${lockFile}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(mine, lockFile);
        return () => rmSync(lockFile, { force: true });
      } catch (error) {
        if (error.code !== 'EEXIST') throw error;
        takeOverIfStale(lockFile, dataDir);
      }
    }
  } finally {
    rmSync(mine, { force: true });
  }
  throw new Error(`could not lock ${dataDir}`);
}

/** Removes `lockFile` when the process it names is gone; throws EMBEDDED_DB_LOCKED while it lives. */
function takeOverIfStale(lockFile, dataDir) {
  let owner;
  try {
    owner = Number(readFileSync(lockFile, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return; // released meanwhile: try again
    throw error;
  }
  if (owner && owner !== process.pid && isAlive(owner)) {
    throw Object.assign(new Error(`${dataDir} is in use by process ${owner}`), {
      code: 'EMBEDDED_DB_LOCKED',
      pid: owner,
    });
  }
  rmSync(lockFile, { force: true }); // stale: its owner is gone
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}
