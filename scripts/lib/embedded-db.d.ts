export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** Migrations applied while starting. */
  applied: string[];
  /** Stops serving and closes PGlite (flushing its data directory). Idempotent. */
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Unset: in memory. */
  dataDir?: string;
  /** 0 (default): any free port. */
  port?: number;
  host?: string;
  maxConnections?: number;
  /** Apply pending migrations before resolving (default true). */
  migrate?: boolean;
  /** Where the migrations are (default prisma/migrations). */
  migrationsDir?: string;
  /** The caller already holds the data directory's lock ({@link lockDataDir}); default false. */
  locked?: boolean;
  log?: (line: string) => void;
}

export function embeddedUrl(port: number, host?: string): string;
export function startEmbeddedDatabase(options?: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase>;
export function probeEmbeddedPort(
  port: number,
  host?: string,
): Promise<'free' | 'pglite' | 'other'>;
/** Takes `<dataDir>.pid` for this process; throws (code EMBEDDED_DB_LOCKED) when a live process holds it. */
export function lockDataDir(dataDir: string): () => void;
