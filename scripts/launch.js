#!/usr/bin/env node
// Runs apps in one terminal with prefixed output: `node scripts/launch.js [--build] [--watch] auth api mcp`.
// - With DATABASE_URL unset, the launcher leases the embedded database (embedded-service.js): it joins
//   the server of DATA_DIR, or starts a shared one (detached, migrated) when none runs. Launchers
//   started at the same moment share one server, which stops after the last of them.
// - --build: runs `npm run build` first when the sources are newer than dist/.
// - --watch: `nest start <app> --watch` instead of the built output (npm run dev).
// - Ctrl-C / SIGTERM stops every app, ends the lease (the database stops when no other launcher holds
//   one), and exits 0. An app that exits on its own
//   stops the others, and the launcher exits with that app's code.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadDatabaseSettings } from './lib/config.js';
import { APP_ENV, APP_NODE_FLAGS, appEntry } from './lib/app-runtime.js';
import { leaseEmbeddedDatabase } from './lib/embedded-service.js';

const APPS = ['auth', 'api', 'mcp'];
const COLORS = { launcher: 90, db: 35, auth: 36, api: 32, mcp: 33 };
const STOP_GRACE_MS = 10_000;

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const build = args.includes('--build');
const apps = args.filter((arg) => !arg.startsWith('--'));
const tty = process.stdout.isTTY;

function prefix(name) {
  const label = `[${name}]`.padEnd(7);
  return tty ? `\x1b[${COLORS[name] ?? 0}m${label}\x1b[0m ` : `${label} `;
}
const say = (name, line) => process.stdout.write(`${prefix(name)}${line}\n`);
const log = (line) => say('launcher', line);

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path).map((name) =>
      name === 'test' || name.endsWith('.spec.ts') ? 0 : newestMtime(join(path, name)),
    ),
  );
}

/** True when apps/, libs/ or generated/ changed after the oldest built entry file. */
function buildIsStale() {
  const builtAt = Math.min(
    ...apps.map((app) => (existsSync(appEntry(app)) ? statSync(appEntry(app)).mtimeMs : 0)),
  );
  const changedAt = Math.max(...['apps', 'libs', 'generated'].map(newestMtime));
  return builtAt < changedAt;
}

function buildIfNeeded() {
  if (!buildIsStale()) return;
  log('sources changed since the last build: npm run build');
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the build failed');
}

/** Streams a child's output line by line under its prefix. */
function pipeLines(stream, name, sink) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) sink.write(`${prefix(name)}${line}\n`);
  });
  stream.on('end', () => rest && sink.write(`${prefix(name)}${rest}\n`));
}

async function main() {
  if (!apps.length || apps.some((app) => !APPS.includes(app))) {
    throw new Error(`usage: launch.js [--build] [--watch] ${APPS.join(' ')}`);
  }
  const settings = await loadDatabaseSettings();
  if (build && !watch) buildIfNeeded();
  if (!watch) {
    const missing = apps.filter((app) => !existsSync(appEntry(app)));
    if (missing.length)
      throw new Error(`no build of ${missing.join(', ')}: run npm run build first`);
    if (!build && buildIsStale()) log('note: sources changed since the last build (npm run build)');
  }

  const db = settings.url
    ? { release: () => {} }
    : await leaseEmbeddedDatabase(settings, (line) => say('db', line));

  const children = new Map();
  let stopping = false;
  let exitCode = 0;

  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const running = [...children.values()].filter(
      (child) => child.exitCode === null && child.signalCode === null,
    );
    for (const child of running) signalGroup(child, 'SIGTERM');
    const force = setTimeout(
      () => running.forEach((child) => signalGroup(child, 'SIGKILL')),
      STOP_GRACE_MS,
    );
    await Promise.all(
      running.map((child) => new Promise((resolve) => child.once('close', resolve))),
    );
    clearTimeout(force);
    db.release();
    process.exit(exitCode);
  };

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (stopping) return;
      log(`${signal}: stopping ${apps.join(', ')}`);
      void stopAll(0);
    });
  }

  const started = performance.now();
  for (const app of apps) {
    const [command, commandArgs] = watch
      ? ['npx', ['nest', 'start', app, '--watch', '--preserveWatchOutput']]
      : [process.execPath, [...APP_NODE_FLAGS, appEntry(app)]];
    // Own process group: Ctrl-C reaches the launcher only, which then stops each app (and whatever
    // it spawned, like nest's watcher) exactly once.
    const child = spawn(command, commandArgs, {
      env: { ...APP_ENV, ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.set(app, child);
    pipeLines(child.stdout, app, process.stdout);
    pipeLines(child.stderr, app, process.stderr);
    child.on('close', (code, signal) => {
      if (stopping) return;
      const status = code ?? 1;
      log(`${app} exited (${signal ?? `code ${code}`}): stopping the others`);
      void stopAll(status === 0 ? 1 : status);
    });
  }
  if (!watch) void announceWhenLive(apps, started);
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** One line once every app answers GET /health/live (ports from libs/config, like the apps). */
async function announceWhenLive(names, started) {
  let urls;
  try {
    const { loadAuthConfig, loadResourceConfig } = await import('#config');
    const port = {
      auth: () => loadAuthConfig().port,
      api: () => loadResourceConfig('api').port,
      mcp: () => loadResourceConfig('mcp').port,
    };
    urls = names.map((app) => `http://127.0.0.1:${port[app]()}/health/live`);
  } catch {
    return; // a bad configuration: the app prints its own line and exits
  }
  for (let i = 0; i < 240; i++) {
    const live = await Promise.all(
      urls.map((url) =>
        fetch(url, { signal: AbortSignal.timeout(1000) }).then(
          (r) => r.ok,
          () => false,
        ),
      ),
    );
    if (live.every(Boolean)) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      log(
        `all live in ${seconds} s: ${urls.map((url) => url.replace('/health/live', '')).join(', ')}`,
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

main().catch((error) => {
  process.stderr.write(`${prefix('launcher')}${error.message}\n`);
  process.exit(1);
});
