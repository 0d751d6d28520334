import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a test file's measured figures as JSON when `SECURITY_RESULTS_DIR` is set (docs/security.md
 * is written from them). Does nothing otherwise, so `npm test` leaves no files behind.
 */
export function writeResults(name: string, data: unknown): void {
  const dir = process.env.SECURITY_RESULTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(data, null, 2));
}

/** True when a response body looks like it carries a stack trace or an internal error. */
export function leaksInternals(body: string): boolean {
  return /\n\s+at\s|node_modules|\.ts:\d+|PrismaClient|ECONNREFUSED|Invalid `prisma/i.test(body);
}
