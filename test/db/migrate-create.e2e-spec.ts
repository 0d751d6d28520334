import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SLOW = 120_000; // each run boots a PGlite and the Wasm schema engine: seconds on a busy machine
const script = resolve('scripts/db-migrate-create.js');

// `db:migrate:create` in a copy of the project's prisma/ folder, with a schema change.
describe('db:migrate:create', () => {
  let project: string;
  const migrations = () => join(project, 'prisma', 'migrations');

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'kit-create-'));
    cpSync('prisma', join(project, 'prisma'), { recursive: true });
    symlinkSync(resolve('node_modules'), join(project, 'node_modules')); // shares the PGlite snapshots
    const schemaFile = join(project, 'prisma', 'schema.prisma');
    const schema = readFileSync(schemaFile, 'utf8').replace(
      '  body      String   @default("")',
      '  body      String   @default("")\n  pinned    Boolean  @default(false)',
    );
    expect(schema).toContain('pinned');
    writeFileSync(schemaFile, schema);
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it(
    'writes the next migration from the last migrated state, in the Prisma layout',
    async () => {
      const before = readdirSync(migrations());
      const { stdout } = await run(process.execPath, [script, 'Add pinned!'], { cwd: project });
      const added = readdirSync(migrations()).filter((name) => !before.includes(name));
      expect(added).toEqual([expect.stringMatching(/^\d{14}_add_pinned$/)]);
      expect(stdout).toContain(`${added[0]}/migration.sql`);
      const sql = readFileSync(join(migrations(), added[0], 'migration.sql'), 'utf8');
      expect(sql).toMatch(
        /ALTER TABLE "note" ADD COLUMN\s+"pinned" BOOLEAN NOT NULL DEFAULT false/,
      );
      expect(sql).not.toMatch(/CREATE TABLE/); // only the change, not the whole schema again
      expect(readFileSync(join(migrations(), 'migration_lock.toml'), 'utf8')).toContain(
        'provider = "postgresql"',
      );
    },
    SLOW,
  );

  // The script applies every migration (the new one included) to a fresh PGlite and diffs it with the
  // schema: an empty diff proves the migrations, in order, give exactly the schema.
  it(
    'creates nothing when the schema already matches the migrations',
    async () => {
      const before = readdirSync(migrations());
      const { stdout } = await run(process.execPath, [script, 'again'], { cwd: project });
      expect(stdout).toMatch(/nothing to create/);
      expect(readdirSync(migrations())).toEqual(before);
    },
    SLOW,
  );

  it('refuses without a name', async () => {
    await expect(run(process.execPath, [script], { cwd: project })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: npm run db:migrate:create -- <name>'),
    });
  });
});
