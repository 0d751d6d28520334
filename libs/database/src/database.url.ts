import type { DatabaseConfig } from '#config';

/** The connection string every app uses: `DATABASE_URL`, or the embedded PGlite server on loopback. */
export function databaseUrl(config: DatabaseConfig): string {
  return config.url ?? `postgresql://postgres:postgres@127.0.0.1:${config.embeddedPort}/postgres`;
}
