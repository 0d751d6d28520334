import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../scripts/lib/embedded-db.js';
import {
  applyMigrations,
  checksum,
  migrationStatus,
  readMigrations,
} from '../../scripts/lib/migrations.js';
import { diffDatabaseToSchema, prismaDeploy } from '../../scripts/lib/schema-engine.js';
import { startTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort } from '../support/ports.js';

const run = promisify(execFile);
const BOOT = 90_000; // booting PGlite takes seconds on a busy machine
const schema = readFileSync('prisma/schema.prisma', 'utf8');

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values?: unknown[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startTestDatabase();
  }, BOOT);
  afterAll(() => db?.stop());

  /** The table of each model in prisma/schema.prisma (its `@@map`, else the model's name). */
  const schemaTables = () =>
    readFileSync('prisma/schema.prisma', 'utf8')
      .split(/^model /m)
      .slice(1)
      .map((model) => /@@map\("([^"]+)"\)/.exec(model)?.[1] ?? model.split(/\s/)[0]);

  it('the committed migrations exist and create every table of the schema', async () => {
    expect(readMigrations().map((m) => m.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\d{14}_init$/)]),
    );
    const tables = await query<{ table_name: string }>(
      db.url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual(
      ['_prisma_migrations', ...schemaTables()].sort(),
    );
  });

  it('records each migration as Prisma does: sha256 of migration.sql, finished, one step', async () => {
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
      rolled_back_at: Date | null;
    }>(db.url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    const onDisk = readMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(onDisk.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      const file = readFileSync(`prisma/migrations/${row.migration_name}/migration.sql`);
      expect(row.checksum).toBe(checksum(file.toString('utf8')));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.checksum).toBe(onDisk[i].checksum);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('applying again is a no-op', async () => {
    const before = await query(db.url, `SELECT id FROM "_prisma_migrations"`);
    await expect(applyMigrations(db.url)).resolves.toEqual([]);
    expect(await query(db.url, `SELECT id FROM "_prisma_migrations"`)).toEqual(before);
    await expect(migrationStatus(db.url)).resolves.toMatchObject({
      pending: [],
      failed: [],
      edited: [],
    });
  });

  it('the migrated database matches prisma/schema.prisma (no migration is missing)', async () => {
    await expect(diffDatabaseToSchema(db.url, schema)).resolves.toBe('');
  });

  it("Prisma's own engine accepts the history: nothing pending, edited or failed", async () => {
    const seen = await prismaDeploy(db.url, { dir: 'prisma/migrations', schema });
    expect(seen.diagnostic).toMatchObject({
      hasMigrationsTable: true,
      history: null,
      editedMigrationNames: [],
      failedMigrationNames: [],
    });
    expect(seen.applied).toEqual([]);
  });
});

describe('migrations on an empty database', () => {
  let server: Awaited<ReturnType<typeof startEmbeddedDatabase>> | TestDatabase;
  let url: string;

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      // A fresh database that has seen no migration: create one next to the test databases.
      const base = new URL(process.env.DATABASE_URL);
      const name = `kit_test_empty_${process.pid}_${Date.now()}`;
      await query(process.env.DATABASE_URL, `CREATE DATABASE "${name}"`);
      base.pathname = `/${name}`;
      url = base.toString();
      server = {
        url,
        stop: () =>
          query(process.env.DATABASE_URL!, `DROP DATABASE "${name}" WITH (FORCE)`).then(() => {}),
      };
    } else {
      server = await startEmbeddedDatabase({ port: 0, migrate: false });
      url = server.url;
    }
  }, BOOT);
  afterAll(() => server?.stop());

  it(
    'appliers racing, in this process and in two others, apply each migration exactly once',
    async () => {
      const names = readMigrations().map((m) => m.name);
      const inChild = () =>
        run(process.execPath, [
          '--input-type=module',
          '-e',
          `import { applyMigrations } from './scripts/lib/migrations.js';
         process.stdout.write(JSON.stringify(await applyMigrations(${JSON.stringify(url)})));`,
        ]).then(({ stdout }) => JSON.parse(stdout) as string[]);
      const results = await Promise.all([
        inChild(),
        inChild(),
        applyMigrations(url),
        applyMigrations(url),
      ]);
      expect(results.flat().sort()).toEqual([...names].sort());
      const rows = await query<{ migration_name: string; finished_at: Date | null }>(
        url,
        `SELECT migration_name, finished_at FROM "_prisma_migrations"`,
      );
      expect(rows.map((r) => r.migration_name).sort()).toEqual([...names].sort());
      expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    },
    BOOT,
  );
});

describe('a failing migration', () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof startEmbeddedDatabase>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kit-migrations-'));
    const add = (name: string, sql: string) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'migration.sql'), sql);
    };
    add(
      '20200101000000_one',
      `CREATE TABLE "a" ("id" INT PRIMARY KEY, "note" TEXT DEFAULT 'x;y');`,
    );
    add('20200102000000_broken', `CREATE TABLE "b" ("id" INT); SELECT * FROM "missing";`);
    db = await startEmbeddedDatabase({ port: 0, migrate: false });
  }, BOOT);
  afterAll(async () => {
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves nothing of itself behind and names the migration', async () => {
    await expect(applyMigrations(db.url, { dir })).rejects.toThrow(
      /migration 20200102000000_broken failed: .*missing/,
    );
    const tables = await query<{ table_name: string }>(
      db.url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual(['_prisma_migrations', 'a']);
    // the earlier one, with a ";" inside a literal, went through whole
    const [column] = await query<{ column_default: string }>(
      db.url,
      `SELECT column_default FROM information_schema.columns WHERE table_name = 'a' AND column_name = 'note'`,
    );
    expect(column.column_default).toContain('x;y');
    await expect(migrationStatus(db.url, { dir })).resolves.toMatchObject({
      applied: ['20200101000000_one'],
      pending: ['20200102000000_broken'],
      failed: [],
    });
  });
});

describe('freePort', () => {
  it('gives a port nothing listens on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
