#!/usr/bin/env node
// `prisma generate` without the native schema engine: Prisma 7 only checks that the engine file
// exists for generate/validate/format, and this machine cannot download it (see README, "Migrations").
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = {
  ...process.env,
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  PRISMA_SCHEMA_ENGINE_BINARY:
    process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
};
const args = process.argv.slice(2);
const result = spawnSync('npx', ['prisma', ...(args.length ? args : ['generate'])], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
