// The scripts read their settings through libs/config, like the apps: `.env`, then the environment,
// validated by CommonEnv (DATABASE_URL, DATA_DIR, EMBEDDED_DB_PORT). libs/config is TypeScript, so
// its compiled output is used, built here (about 3 s) when missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = 'libs/config/src';
const BUILT = 'dist/libs/config/src/index.js';

function newestSource() {
  if (!existsSync(SOURCES)) return 0; // a production image ships dist only
  return Math.max(...readdirSync(SOURCES).map((file) => statSync(join(SOURCES, file)).mtimeMs));
}

function ensureBuilt() {
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= newestSource()) return;
  const result = spawnSync('npx', ['tsc', '-p', 'scripts/tsconfig.config.json'], {
    stdio: 'inherit',
  });
  if (result.status !== 0)
    throw new Error('could not build libs/config (npx tsc -p scripts/tsconfig.config.json)');
}

/**
 * The database settings of the environment, validated by libs/config.
 * @returns {Promise<{ url?: string, dataDir: string, embeddedPort: number, production: boolean }>}
 */
export async function loadDatabaseSettings() {
  ensureBuilt();
  const { CommonEnv, loadDotEnv, validateEnv } = await import('#config');
  loadDotEnv();
  const env = validateEnv(CommonEnv, process.env);
  return {
    url: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    embeddedPort: env.EMBEDDED_DB_PORT,
    production: env.NODE_ENV === 'production',
  };
}
