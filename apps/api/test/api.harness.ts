import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestingModuleBuilder } from '@nestjs/testing';
import { apiConfig, type ApiConfig, type Env } from '#config';
import { startResourceServer } from '../../../test/support/resource-server.js';
import { API_BODY_LIMIT, setupOpenApi } from '../src/api.setup.js';
import { AppModule } from '../src/app.module.js';

/** A running api, booted from its real module graph on a loopback port. */
export interface StartedApi {
  app: NestFastifyApplication;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** The configuration the app runs with. */
  config: ApiConfig;
  /** The database URL the app uses (the caller's `DATABASE_URL` or a fresh test database). */
  databaseUrl: string;
  /** Closes the app and, when the harness created it, its test database. */
  close(): Promise<void>;
}

export interface StartApiOptions {
  /** Last-minute changes to the testing module, e.g. `.overrideProvider(JwksProvider)`. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/**
 * Boots apps/api as `main.ts` does (same module, filters, validation, body limit, OpenAPI), with its
 * configuration built from `env` alone: `loadResourceConfig('api', { NODE_ENV: 'test', ...env })`.
 * Without `env.DATABASE_URL` it starts a fresh migrated test database and stops it on `close()`.
 * Pass the env of a stand-in (`standIn.env`) or `{ AUTH_URL: authServer.url }` to pick the issuer.
 * The boot itself is test/support/resource-server.ts; this adds the api's body limit and OpenAPI,
 * and listens on a free port of 127.0.0.1.
 * @example
 * const api = await startApi({ AUTH_URL: auth.url });
 * await fetch(`${api.url}/me`, { headers: { authorization: `Bearer ${jwt}` } });
 * await api.close();
 */
export async function startApi(env: Env = {}, options: StartApiOptions = {}): Promise<StartedApi> {
  const { app, config, port, databaseUrl, close } = await startResourceServer({
    module: AppModule,
    app: 'api',
    configKey: apiConfig.KEY,
    env,
    override: options.override,
    adapterOptions: { bodyLimit: API_BODY_LIMIT },
    beforeListen: setupOpenApi,
    listen: () => ({ port: 0, host: '127.0.0.1' }),
  });
  return { app, url: `http://127.0.0.1:${port}`, config, databaseUrl, close };
}
