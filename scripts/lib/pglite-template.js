// In-memory PGlite databases start from a snapshot: booting PGlite from scratch runs initdb (5-10 s
// on a busy machine), loading a snapshot takes about 2 s. Snapshots are keyed by the PGlite version
// and, for migrated ones, the migrations (names and checksums); they are kept in memory per process
// and under node_modules/.cache/kit-pglite/ across processes.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { readMigrations } from './migrations.js';

const CACHE_DIR = resolve('node_modules/.cache/kit-pglite');
const KEEP = 4;
const inMemory = new Map();

function pgliteVersion() {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

/** The snapshot key of an in-memory database, migrated or empty. */
export function templateKey(migrated) {
  const hash = createHash('sha256').update(pgliteVersion());
  if (migrated) for (const m of readMigrations()) hash.update(`${m.name}:${m.checksum}\n`);
  return `${migrated ? 'migrated' : 'empty'}-${hash.digest('hex').slice(0, 16)}`;
}

/** The snapshot for `key` as a Blob for `PGlite.create({ loadDataDir })`, or undefined. */
export function loadTemplate(key) {
  if (inMemory.has(key)) return inMemory.get(key);
  const file = join(CACHE_DIR, `${key}.tar`);
  if (!existsSync(file)) return undefined;
  try {
    const blob = new Blob([readFileSync(file)]);
    inMemory.set(key, blob);
    return blob;
  } catch {
    return undefined; // unreadable: the caller boots from scratch and saves a new one
  }
}

/** Snapshots `db` as the template for `key` (atomically; best effort: a cache only). */
export async function saveTemplate(key, db) {
  try {
    const blob = await db.dumpDataDir('none');
    inMemory.set(key, blob);
    mkdirSync(CACHE_DIR, { recursive: true });
    const file = join(CACHE_DIR, `${key}.tar`);
    const partial = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, file);
    prune();
  } catch {
    // no cache this time
  }
}

/** Keeps the newest migrated snapshots (each schema change makes a new one) and every empty one. */
function prune() {
  const files = readdirSync(CACHE_DIR)
    .filter((name) => name.startsWith('migrated-'))
    .map((name) => join(CACHE_DIR, name))
    .map((path) => ({ path, mtime: statSync(path).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { path, mtime } of files.slice(KEEP)) {
    if (Date.now() - mtime > 60_000) rmSync(path, { force: true });
  }
}
