import { existsSync } from 'node:fs';
import { ConfigError } from './config.errors.js';

/**
 * Loads `.env` from the working directory into `process.env` (variables already set win), once,
 * before anything reads the environment. Call it first in every `main.ts`.
 */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/**
 * The last word of every `main.ts`: a bad configuration prints its one line and exits 1;
 * anything else prints its message (no stack, no config values) and exits 1.
 */
export function exitOnBootError(app: string) {
  return (error: unknown): never => {
    const line =
      error instanceof ConfigError
        ? error.message
        : `failed to start: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`[${app}] ${line}\n`);
    process.exit(1);
  };
}
