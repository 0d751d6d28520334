// The embedded database as a service: one server per data directory (DATA_DIR/pglite) on
// EMBEDDED_DB_PORT, migrated, with a control channel (embedded-control.js) whose connections are
// leases. `db:start` runs it in the foreground until Ctrl-C; app launchers lease it and, when none
// runs, start it detached in shared mode, where it stops itself once its last lease is gone.
//
// Concurrency rules, each written down once:
// - Only the holder of the data directory's lock (`<dataDir>.pid`) serves; it opens the control
//   channel before starting PGlite, so anyone arriving meanwhile waits on the channel for `ready`
//   instead of starting a second server.
// - A server that finds the lock held waits while the holder is alive and not serving (it may be
//   stopping and flushing), and gives way as soon as the holder's channel answers.
// - Crash recovery: a lock whose process is gone is taken over (lockDataDir), a socket file left by
//   a dead server is replaced, and a dead launcher's lease ends when the OS closes its connection.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { controlAnswers, controlPath, requestLease } from './embedded-control.js';
import { embeddedUrl, lockDataDir, startEmbeddedDatabase } from './embedded-db.js';
import { embeddedDataDir, embeddedTarget } from './target.js';

/** How long a shared server stays up after its last lease ended (a quick restart reuses it). */
const IDLE_STOP_MS = 1500;
/** How long a shared server waits for its first lease (its starter may have died meanwhile). */
const FIRST_LEASE_MS = 30_000;
/** How long to wait for another process holding the data directory to serve or let go. */
const LOCK_WAIT_MS = 60_000;
/** How long a launcher waits for the database to be ready (first start includes migrations). */
const START_WAIT_MS = 180_000;
const DB_START = fileURLToPath(new URL('../db-start.js', import.meta.url));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The one-line reason a server could not start. */
function startFailure(error, settings, dataDir) {
  if (error.code === 'EADDRINUSE') {
    return `port ${settings.embeddedPort} (EMBEDDED_DB_PORT) is already in use`;
  }
  if (error.code === 'EMBEDDED_DB_LOCKED') {
    return `the embedded database in ${dataDir} is in use by process ${error.pid}, which does not serve it`;
  }
  return error.message;
}

/** Takes the data directory's lock; undefined when another process already serves it. */
async function lockOrYield(dataDir, path, settings) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return lockDataDir(dataDir);
    } catch (error) {
      if (error.code !== 'EMBEDDED_DB_LOCKED') throw error;
      if (await controlAnswers(path)) return undefined;
      if (Date.now() > deadline) {
        throw new Error(startFailure(error, settings, dataDir), { cause: error });
      }
      await sleep(200);
    }
  }
}

function listen(server, path) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Serves the embedded database of `settings` from this process. Resolves `{ owned: false }` when
 * another process already serves it, else, once it is migrated and served,
 * `{ owned: true, url, stop(), stopped }`: `stop()` closes it (flushing the data), `stopped`
 * settles when it has closed. With `shared`, it also stops by itself after its last lease ended.
 * Throws one-line errors (port held by something else, data directory held by a process that
 * does not serve it).
 *
 * @param {{ dataDir: string, embeddedPort: number }} settings
 * @param {(line: string) => void} log
 * @param {{ shared?: boolean }} [options]
 */
export async function serveEmbeddedDatabase(settings, log, { shared = false } = {}) {
  await embeddedTarget(settings); // one clear line when something else holds the port
  const dataDir = embeddedDataDir(settings);
  const path = controlPath(dataDir);
  const unlock = await lockOrYield(dataDir, path, settings);
  if (!unlock) {
    log(`using the embedded database already running on port ${settings.embeddedPort}`);
    return { owned: false, url: embeddedUrl(settings.embeddedPort), stop: async () => {} };
  }
  const clients = new Set();
  let ready = false;
  let stopping = false;
  let idle;
  let stopped;
  let markClosed;
  const closed = new Promise((resolve) => (markClosed = resolve));
  const control = createServer((socket) => {
    if (stopping) return socket.destroy();
    socket.on('error', () => {});
    clients.add(socket);
    clearTimeout(idle);
    socket.on('close', () => {
      clients.delete(socket);
      if (shared && !clients.size) stopWhenIdle(IDLE_STOP_MS);
    });
    if (ready) socket.write(`ready ${settings.embeddedPort}\n`);
  });
  const removeSocketFile = () => {
    if (process.platform !== 'win32') rmSync(path, { force: true });
  };
  removeSocketFile(); // left by a server that died; we hold the lock, so it is not a live one's
  try {
    mkdirSync(dirname(dataDir), { recursive: true });
    await listen(control, path);
  } catch (error) {
    unlock();
    throw error;
  }
  const started = performance.now();
  const starting = startEmbeddedDatabase({
    dataDir,
    port: settings.embeddedPort,
    maxConnections: 64,
    locked: true,
  });
  const stop = () => {
    stopped ??= (async () => {
      stopping = true;
      clearTimeout(idle);
      control.close();
      for (const socket of clients) socket.destroy();
      const db = await starting.catch(() => undefined);
      try {
        await db?.stop();
      } finally {
        removeSocketFile();
        unlock();
      }
    })();
    markClosed(stopped);
    return stopped;
  };
  function stopWhenIdle(ms) {
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (clients.size || stopping) return;
      log('no app uses the embedded database any more: stopping');
      stop().catch(() => undefined); // reported through `stopped`
    }, ms);
  }
  if (shared) stopWhenIdle(FIRST_LEASE_MS);
  let db;
  try {
    db = await starting;
  } catch (error) {
    const message = startFailure(error, settings, dataDir);
    for (const socket of clients) socket.end(`error ${message}\n`);
    clients.clear(); // ended above, after the line is flushed
    await stop().catch(() => undefined);
    throw new Error(message, { cause: error });
  }
  ready = true;
  for (const socket of clients) socket.write(`ready ${settings.embeddedPort}\n`);
  const migrated = db.applied.length ? `, ${db.applied.length} migration(s) applied` : '';
  const mode = shared ? '; stops after the last app using it' : '';
  log(
    `embedded database ready on ${db.url} (data in ${dataDir}${migrated}, ${Math.round(performance.now() - started)} ms${mode})`,
  );
  return {
    owned: true,
    url: db.url,
    stop,
    stopped: closed,
  };
}

function lastLine(file) {
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .pop()
    ?.replace(/^\[db\] /, '');
}

/** Starts `db-start.js --shared` detached, its output appended to `logFile`. */
function spawnSharedServer(settings, logFile) {
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'a');
  try {
    const child = spawn(process.execPath, [DB_START, '--shared'], {
      detached: true, // its own process group: Ctrl-C in a launcher's terminal does not reach it
      stdio: ['ignore', out, out],
      windowsHide: true,
      env: {
        ...process.env,
        DATABASE_URL: '',
        DATA_DIR: settings.dataDir,
        EMBEDDED_DB_PORT: String(settings.embeddedPort),
      },
    });
    child.unref();
    return child;
  } finally {
    closeSync(out);
  }
}

/**
 * Leases the embedded database for this process: joins the server of `settings`, starting a shared
 * one when none runs, and resolves once it is migrated and served. Any number of processes may call
 * this at the same moment. `release()` ends the lease (the last one stops a shared server); a
 * process that dies releases it too. If the server goes away while leased, it is started again.
 *
 * @param {{ dataDir: string, embeddedPort: number }} settings
 * @param {(line: string) => void} log
 * @returns {Promise<{ url: string, release(): void }>}
 */
export async function leaseEmbeddedDatabase(settings, log) {
  await embeddedTarget(settings);
  const dataDir = embeddedDataDir(settings);
  const path = controlPath(dataDir);
  const logFile = `${dataDir}.log`;
  let released = false;
  let socket;
  const acquire = async () => {
    const deadline = Date.now() + START_WAIT_MS;
    let child;
    for (;;) {
      const lease = await requestLease(path);
      if (lease.state === 'ready') {
        if (lease.port !== settings.embeddedPort) {
          lease.socket.destroy();
          throw new Error(
            `the embedded database in ${dataDir} is served on port ${lease.port}, not on EMBEDDED_DB_PORT=${settings.embeddedPort}`,
          );
        }
        return { socket: lease.socket, child };
      }
      if (lease.state === 'error') throw new Error(lease.message);
      if (child && child.exitCode !== null && child.exitCode !== 0) {
        throw new Error(
          lastLine(logFile) ?? `the embedded database server exited with ${child.exitCode}`,
        );
      }
      if (!child || child.exitCode !== null) child = spawnSharedServer(settings, logFile);
      if (Date.now() > deadline) {
        throw new Error(`the embedded database did not start in time (its log: ${logFile})`);
      }
      await sleep(150);
    }
  };
  const hold = (lease) => {
    socket = lease.socket;
    socket.on('error', () => {});
    socket.on('close', () => {
      if (released) return;
      log('the embedded database server went away: starting it again');
      acquire().then(hold, (error) =>
        log(`could not restart the embedded database: ${error.message}`),
      );
    });
  };
  const first = await acquire();
  hold(first);
  log(
    first.child?.exitCode === null
      ? `embedded database started on ${embeddedUrl(settings.embeddedPort)} (shared by the apps that use it; log in ${logFile})`
      : `using the embedded database already running on port ${settings.embeddedPort}`,
  );
  return {
    url: embeddedUrl(settings.embeddedPort),
    release: () => {
      released = true;
      socket?.end();
    },
  };
}
