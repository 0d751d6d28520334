#!/usr/bin/env node
// `npm run db:start`: the embedded PostgreSQL (PGlite) alone on 127.0.0.1:EMBEDDED_DB_PORT, data under
// DATA_DIR/pglite, pending migrations applied. Ctrl-C (or SIGTERM) closes it, flushing the data.
// `--shared` (how app launchers start it, detached): it also stops once no app uses it any more.
import { loadDatabaseSettings } from './lib/config.js';
import { serveEmbeddedDatabase } from './lib/embedded-service.js';

const log = (line) => process.stdout.write(`[db] ${line}\n`);
const shared = process.argv.includes('--shared');

async function main() {
  const settings = await loadDatabaseSettings();
  if (settings.url && !shared)
    log('note: DATABASE_URL is set, so the apps will not use this server');
  const db = await serveEmbeddedDatabase(settings, log, { shared });
  if (!db.owned) return; // already served by another process: nothing to do
  let stopping = false;
  const stop = (signal) => {
    if (stopping) process.exit(1); // a second Ctrl-C: give up waiting
    stopping = true;
    log(`${signal}: stopping`);
    db.stop().catch(() => undefined); // reported through `stopped`
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  try {
    await db.stopped;
    process.exit(0);
  } catch (error) {
    process.stderr.write(`[db] stop failed: ${error.message}\n`);
    process.exit(1);
  }
}

main().catch((error) => {
  process.stderr.write(`[db] ${error.message}\n`);
  process.exit(1);
});
