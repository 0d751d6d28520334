// The embedded database as a service of this process: started on EMBEDDED_DB_PORT with its data under
// DATA_DIR/pglite, migrated, announced with one line. Shared by `db:start` and the app launcher.
import { embeddedUrl, startEmbeddedDatabase } from './embedded-db.js';
import { embeddedDataDir, embeddedTarget } from './target.js';

/**
 * Makes sure the embedded database answers on EMBEDDED_DB_PORT.
 * Resolves `{ owned: false }` when a server already runs there, or `{ owned: true, stop }` after
 * starting one here. Throws one-line errors (port held by something else, data directory in use).
 *
 * @param {{ dataDir: string, embeddedPort: number }} settings
 * @param {(line: string) => void} log
 */
export async function ensureEmbeddedDatabase(settings, log) {
  const target = await embeddedTarget(settings);
  if (target.state === 'running') {
    log(`using the embedded database already running on port ${settings.embeddedPort}`);
    return { owned: false, url: target.url, stop: async () => {} };
  }
  const dataDir = embeddedDataDir(settings);
  const started = performance.now();
  let db;
  try {
    db = await startEmbeddedDatabase({ dataDir, port: settings.embeddedPort, maxConnections: 64 });
  } catch (error) {
    if (error.code === 'EMBEDDED_DB_LOCKED') {
      throw new Error(
        `the embedded database in ${dataDir} is in use by process ${error.pid}, which does not serve port ${settings.embeddedPort}`,
        { cause: error },
      );
    }
    if (error.code === 'EADDRINUSE') {
      throw new Error(`port ${settings.embeddedPort} (EMBEDDED_DB_PORT) is already in use`, {
        cause: error,
      });
    }
    throw error;
  }
  const migrated = db.applied.length ? `, ${db.applied.length} migration(s) applied` : '';
  log(
    `embedded database ready on ${embeddedUrl(settings.embeddedPort)} (data in ${dataDir}${migrated}, ${Math.round(performance.now() - started)} ms)`,
  );
  return { owned: true, url: db.url, stop: db.stop };
}
