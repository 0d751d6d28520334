#!/usr/bin/env node
// Runs `prisma generate` when generated/prisma is missing (fresh clone): the hook of build/start/test.
// Install stays side-effect free; an existing client is left alone (`npm run prisma:generate` refreshes it).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('generated/prisma/client.ts')) {
  const result = spawnSync(process.execPath, ['scripts/prisma-generate.js'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
