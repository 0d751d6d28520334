#!/usr/bin/env node
// `npm run admin -- <command>`: operator commands on users (set-role, ban, unban, revoke-sessions)
// through Better Auth's own API, with the auth server's configuration (.env, then the environment).
// With DATABASE_URL unset it uses the embedded database server, starting it for the command when
// none is running (and stopping it again afterwards). Runs the built auth code: builds when missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadDatabaseSettings } from './lib/config.js';
import { APP_ENV } from './lib/app-runtime.js';
import { ensureEmbeddedDatabase } from './lib/embedded-service.js';

const ENTRY = 'dist/apps/auth/src/admin/admin.cli.js';

function ensureBuilt() {
  if (existsSync(ENTRY)) return;
  process.stderr.write('admin: no build of the auth server yet: npm run build\n');
  const result = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error('the build failed');
}

/** Runs the command in a process of its own; resolves its exit code. */
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ENTRY, ...args], {
      env: { ...APP_ENV, ...process.env },
      stdio: 'inherit',
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const settings = await loadDatabaseSettings();
  ensureBuilt();
  const db = settings.url
    ? { owned: false, stop: async () => {} }
    : await ensureEmbeddedDatabase(settings, (line) => process.stderr.write(`admin: ${line}\n`));
  try {
    return await run(process.argv.slice(2));
  } finally {
    if (db.owned) await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`admin: ${error.message}\n`);
    process.exit(1);
  },
);
