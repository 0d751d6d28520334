#!/usr/bin/env node
// Runs `prisma generate` when the client in generated/prisma is missing (fresh clone) or was made
// from another prisma/schema.prisma (a pull or a merge changed it): the hook of build/start/test.
// Install stays side-effect free.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const STAMP = 'generated/prisma/.schema-sha256';
const schemaHash = createHash('sha256').update(readFileSync('prisma/schema.prisma')).digest('hex');
const current =
  existsSync('generated/prisma/client.ts') &&
  existsSync(STAMP) &&
  readFileSync(STAMP, 'utf8').trim() === schemaHash;

if (!current) {
  const result = spawnSync(process.execPath, ['scripts/prisma-generate.js'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(STAMP, `${schemaHash}\n`);
}
