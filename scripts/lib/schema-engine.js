// Prisma's schema engine, Wasm build (@prisma/schema-engine-wasm), driven through @prisma/adapter-pg:
// the only way to diff schemas on a machine that cannot download the native engine.
// Used by `db:migrate:create` (dev-time only; nothing at run time loads it).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

const require = createRequire(import.meta.url);
const NO_FILTERS = { externalTables: [], externalEnums: [] };
const PG_CHAR_OID = 18; // the one-byte "char" of the catalogs (pg_constraint.contype ...)
const PG_TEXT_OID = 25;
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils

let loaded;

/** Instantiates the Wasm module once per process (importing a .wasm file needs a flag on Node 22). */
async function loadWasm() {
  loaded ??= (async () => {
    const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmFile = require
      .resolve('@prisma/schema-engine-wasm')
      .replace(/[^/\\]+$/, 'schema_engine_bg.wasm');
    const module = await WebAssembly.compile(readFileSync(wasmFile));
    const instance = await WebAssembly.instantiate(module, { './schema_engine_bg.js': glue });
    globalThis.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => (lastPanic = message) };
    glue.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start?.();
    return glue;
  })();
  return loaded;
}
let lastPanic;

// adapter-pg 7.10 rejects the catalogs' "char" columns that the engine's introspection reads, and the
// engine wants them typed as Character. The pg client reports them as text, and the adapter's result
// is re-typed: only this dev-time tool sees the patch.
const charColumns = new WeakMap();

function retypeCharFields(result) {
  for (const one of Array.isArray(result) ? result : [result]) {
    const indexes = [];
    (one?.fields ?? []).forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        indexes.push(index);
      }
    });
    if (indexes.length && one.rows) charColumns.set(one.rows, indexes);
  }
  return result;
}

class IntrospectionClient extends pg.Client {
  query(...args) {
    const callbackAt = args.findIndex((arg) => typeof arg === 'function');
    if (callbackAt >= 0) {
      const callback = args[callbackAt];
      args[callbackAt] = (error, result) =>
        callback(error, error ? result : retypeCharFields(result));
      return super.query(...args);
    }
    const pending = super.query(...args);
    return typeof pending?.then === 'function' ? pending.then(retypeCharFields) : pending;
  }
}

function withCharColumns(queryable) {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(result.rows) ?? [])
      result.columnTypes[index] = COLUMN_TYPE_CHARACTER;
    return result;
  };
  if (queryable.startTransaction) {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) =>
      withCharColumns(await startTransaction(...args));
  }
  return queryable;
}

/** Runs `use(engine)` with a Wasm schema engine connected to `url`, then frees it. */
async function withEngine(url, schema, use) {
  const glue = await loadWasm();
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
  const pool = new pg.Pool({ connectionString: url, Client: IntrospectionClient, max: 2 });
  const base = new PrismaPg(pool);
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => withCharColumns(await base.connect()),
    connectToShadowDb: async () => withCharColumns(await base.connectToShadowDb()),
  });
  let engine;
  try {
    lastPanic = undefined;
    engine = await glue.SchemaEngine.new(
      { datamodels: [['schema.prisma', schema]] },
      () => {},
      factory,
    );
    return await use(engine);
  } catch (error) {
    throw new Error(
      lastPanic ? `schema engine panicked: ${lastPanic}` : error.message.split('\n')[0],
      {
        cause: error,
      },
    );
  } finally {
    engine?.free();
    await pool.end().catch(() => undefined);
  }
}

/**
 * The SQL that takes the database at `url` to the Prisma schema `schema` (text), or '' when
 * they already agree. Prisma's own bookkeeping table is ignored, as `prisma migrate diff` does.
 *
 * @param {string} url postgresql:// of a database holding the current state
 * @param {string} schema content of schema.prisma
 * @returns {Promise<string>}
 */
export function diffDatabaseToSchema(url, schema) {
  const files = [{ path: 'schema.prisma', content: schema }];
  return withEngine(url, schema, async (engine) => {
    const { stdout } = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: process.cwd() },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return isEmptyDiff(stdout) ? '' : stdout;
  });
}

/**
 * What Prisma's own engine makes of the database's migration history against the migrations
 * directory: its `diagnoseMigrationHistory` answer, then the names its `applyMigrations` (the
 * command behind `prisma migrate deploy`) applies. For checks and tests; it does apply what is pending.
 *
 * @param {string} url
 * @param {{ dir: string, schema: string }} options
 */
export function prismaDeploy(url, { dir, schema }) {
  const migrationDirectories = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(join(dir, name, 'migration.sql'), 'utf8') },
      },
    }));
  const lockPath = join(dir, 'migration_lock.toml');
  const migrationsList = {
    baseDir: dir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories,
  };
  return withEngine(url, schema, async (engine) => {
    const diagnostic = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: NO_FILTERS,
    });
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: NO_FILTERS,
    });
    return { diagnostic, applied: appliedMigrationNames };
  });
}

/** The engine answers an empty diff with a comment line only. */
function isEmptyDiff(script) {
  return (
    !script || script.split('\n').every((line) => !line.trim() || line.trim().startsWith('--'))
  );
}
