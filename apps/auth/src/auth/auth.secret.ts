import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthConfig } from '#config';

const warned = new Set<string>();

/**
 * `BETTER_AUTH_SECRET`, or outside production a development secret generated once into
 * `<DATA_DIR>/auth-secret` (mode 0600) and reused, so encrypted signing keys and signed cookies
 * survive restarts. libs/config already refuses production without the variable.
 */
export function resolveAuthSecret(config: AuthConfig): string {
  if (config.secret) return config.secret;
  if (config.production) throw new Error('BETTER_AUTH_SECRET is required when NODE_ENV=production');
  const path = join(config.database.dataDir, 'auth-secret');
  const secret = readOrCreate(path);
  if (!warned.has(path)) {
    warned.add(path);
    new Logger('AuthSecret').warn(`using a development secret from ${path}`);
  }
  return secret;
}

function readOrCreate(path: string): string {
  try {
    return readExisting(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  try {
    // `wx`: if another process created it meanwhile, keep theirs.
    writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readExisting(path);
}

function readExisting(path: string): string {
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < 32)
    throw new Error(`the development secret in ${path} is too short; delete it`);
  return secret;
}
