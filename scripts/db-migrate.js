#!/usr/bin/env node
// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database
// (through its server when one is running, else by opening its data directory here).
import { loadDatabaseSettings } from './lib/config.js';
import { startEmbeddedDatabase } from './lib/embedded-db.js';
import { applyMigrations } from './lib/migrations.js';
import { describeUrl, embeddedDataDir, embeddedTarget } from './lib/target.js';

async function main() {
  const started = performance.now();
  const settings = await loadDatabaseSettings();
  const log = (line) => process.stdout.write(`db:migrate: ${line}\n`);
  let applied;
  let where;
  if (settings.url) {
    where = describeUrl(settings.url);
    applied = await applyMigrations(settings.url, { log });
  } else {
    const target = await embeddedTarget(settings);
    if (target.state === 'running') {
      where = `the embedded server on port ${settings.embeddedPort}`;
      applied = await applyMigrations(target.url, { log });
    } else {
      where = `the embedded database in ${embeddedDataDir(settings)}`;
      const db = await startEmbeddedDatabase({ dataDir: embeddedDataDir(settings), log });
      applied = db.applied;
      await db.stop();
    }
  }
  const ms = Math.round(performance.now() - started);
  log(
    applied.length
      ? `${applied.length} migration(s) applied to ${where} in ${ms} ms`
      : `${where} is up to date (${ms} ms)`,
  );
}

main().catch((error) => {
  process.stderr.write(`db:migrate failed: ${error.message}\n`);
  process.exit(1);
});
