/** A migration directory of prisma/migrations. */
export interface Migration {
  name: string;
  script: string;
  /** sha256 hex of migration.sql: what `_prisma_migrations.checksum` holds. */
  checksum: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  edited: string[];
  failed: string[];
}

export const MIGRATIONS_DIR: string;
export const PRISMA_ADVISORY_LOCK_KEY: number;
export const PRISMA_MIGRATIONS_TABLE_DDL: string;
export function checksum(script: string): string;
export function readMigrations(dir?: string): Migration[];
/** Applies pending migrations; resolves to the names applied now. */
export function applyMigrations(
  url: string,
  options?: { dir?: string; log?: (line: string) => void },
): Promise<string[]>;
export function migrationStatus(url: string, options?: { dir?: string }): Promise<MigrationStatus>;
