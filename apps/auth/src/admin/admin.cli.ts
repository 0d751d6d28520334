// `npm run admin -- <command>` (scripts/admin.js runs this file from the build): operator commands
// on users through Better Auth, with the auth server's own configuration.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { APIError } from 'better-auth/api';
import { ConfigError, loadAuthConfig, loadDotEnv } from '#config';
import type { Auth } from '../auth/auth.factory.js';
import { BETTER_AUTH } from '../auth/auth.tokens.js';
import { ADMIN_USAGE, AdminUsageError, parseAdminArgs } from './admin.args.js';
import { AdminCliModule } from './admin-cli.module.js';
import { runAdminCommand } from './admin.commands.js';

function failure(error: unknown): { line: string; code: number } {
  if (error instanceof AdminUsageError)
    return { line: `${error.message}\n${ADMIN_USAGE}`, code: 2 };
  if (error instanceof ConfigError) return { line: error.message, code: 1 };
  if (error instanceof APIError) {
    const body = error.body as { message?: string } | undefined;
    return { line: body?.message ?? error.message, code: 1 };
  }
  return { line: error instanceof Error ? error.message : String(error), code: 1 };
}

async function main(): Promise<number> {
  const command = parseAdminArgs(process.argv.slice(2));
  loadDotEnv();
  loadAuthConfig(); // one clear line for a bad configuration, before Nest starts
  const app = await NestFactory.createApplicationContext(AdminCliModule, {
    logger: ['error', 'warn'],
  });
  try {
    const line = await runAdminCommand(app.get<Auth>(BETTER_AUTH), command);
    process.stdout.write(`admin: ${line}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  const { line, code } = failure(error);
  process.stderr.write(`admin: ${line}\n`);
  return code;
});
