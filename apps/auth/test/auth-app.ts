import { Test } from '@nestjs/testing';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authConfig, loadAuthConfig } from '#config';
import { configureApp } from '#platform';
import { freePort } from '../../../test/support/ports.js';
import { AppModule } from '../src/app.module.js';
import { AUTH_BODY_LIMIT } from '../src/auth/auth.http.js';

/** A booted auth server (see {@link bootAuthApp}). */
export interface AuthApp {
  url: string;
  app: NestFastifyApplication;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Boots the real auth AppModule on a free loopback port whose URL is also its `AUTH_URL`, against
 * `databaseUrl`, with `DATA_DIR` in a fresh temporary directory (dev secret, mail files).
 * `env` overrides anything (NODE_ENV defaults to "test"). `hostname` names the URL's host (the
 * server still listens on 127.0.0.1).
 */
export async function bootAuthApp(
  databaseUrl: string,
  env: Record<string, string> = {},
  hostname = '127.0.0.1',
): Promise<AuthApp> {
  const port = await freePort();
  // `localhost` for WebAuthn, whose relying party must be a domain name, never an IP address
  const url = `http://${hostname}:${port}`;
  const dataDir = env.DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'auth-server-')));
  const config = loadAuthConfig({
    NODE_ENV: 'test',
    AUTH_URL: url,
    AUTH_PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(authConfig.KEY)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    new FastifyAdapter({ bodyLimit: AUTH_BODY_LIMIT }),
    { bodyParser: false, logger: ['error', 'warn'] },
  );
  configureApp(app);
  await app.listen({ port, host: '127.0.0.1' });
  return {
    url,
    app,
    dataDir,
    close: async () => {
      await app.close();
      if (!env.DATA_DIR) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
