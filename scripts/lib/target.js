// Which database a script works on: DATABASE_URL, or the embedded server on EMBEDDED_DB_PORT.
import { join } from 'node:path';
import { embeddedUrl, probeEmbeddedPort } from './embedded-db.js';

/** The data directory of the embedded server under DATA_DIR. */
export function embeddedDataDir(settings) {
  return join(settings.dataDir, 'pglite');
}

/** `postgresql://user:secret@host:5432/db` → `host:5432/db` (for logs: never print credentials). */
export function describeUrl(url) {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the database';
  }
}

/**
 * How to reach the embedded server right now: `{ state: 'running', url }` when one answers on the
 * port, `{ state: 'free' }` when nothing does; throws a one-line error when something else holds it.
 */
export async function embeddedTarget(settings) {
  const state = await probeEmbeddedPort(settings.embeddedPort);
  if (state === 'other') {
    throw new Error(
      `port ${settings.embeddedPort} (EMBEDDED_DB_PORT) is taken by something that is not the embedded database; free it or set EMBEDDED_DB_PORT`,
    );
  }
  return state === 'pglite'
    ? { state: 'running', url: embeddedUrl(settings.embeddedPort) }
    : { state: 'free' };
}
