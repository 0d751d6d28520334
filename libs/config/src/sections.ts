import { ConfigError } from './config.errors.js';
import type { CommonEnv } from './common.env.js';

export type Env = Record<string, string | undefined>;

export interface DatabaseConfig {
  /** Unset: the embedded PGlite server on `127.0.0.1:embeddedPort`. */
  url?: string;
  dataDir: string;
  embeddedPort: number;
}

export function databaseSection(e: CommonEnv): DatabaseConfig {
  return { url: e.DATABASE_URL, dataDir: e.DATA_DIR, embeddedPort: e.EMBEDDED_DB_PORT };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** In production a public URL must be https; plain http is tolerated for loopback only. */
export function requireSecureUrl(name: string, value: string): void {
  const url = new URL(value);
  if (url.protocol !== 'https:' && !LOOPBACK.has(url.hostname)) {
    throw new ConfigError(
      `Invalid configuration: ${name} must be an https:// URL when NODE_ENV=production`,
    );
  }
}
