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

/** `localhost`, `*.localhost`, 127.0.0.0/8 and `[::1]`: names that reach only this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/**
 * In production a public URL (an issuer or audience others must reach) must be https and must not be
 * loopback, unless `allowLoopback` (ALLOW_LOOPBACK_URLS) says this is a local trial; then loopback
 * may also be plain http.
 */
export function requirePublicUrl(name: string, value: string, allowLoopback: boolean): void {
  const { hostname } = new URL(value);
  if (isLoopbackHost(hostname)) {
    if (allowLoopback) return;
    throw new ConfigError(
      `Invalid configuration: ${name} must not be a loopback URL when NODE_ENV=production (set ALLOW_LOOPBACK_URLS=true for a local trial only)`,
    );
  }
  requireSecureUrl(name, value);
}
