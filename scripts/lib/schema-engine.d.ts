/** The SQL taking the database at `url` to the Prisma schema text `schema`; '' when they agree. */
export function diffDatabaseToSchema(url: string, schema: string): Promise<string>;
/**
 * Prisma's Wasm engine on the database: its migration-history diagnostic, then what its
 * `applyMigrations` (behind `prisma migrate deploy`) applies. Applies what is pending.
 */
export function prismaDeploy(
  url: string,
  options: { dir: string; schema: string },
): Promise<{
  diagnostic: {
    editedMigrationNames: string[];
    failedMigrationNames: string[];
    hasMigrationsTable: boolean;
    history: unknown;
  };
  applied: string[];
}>;
