import type { Type } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { loadResourceConfig, type Env, type ResourceApp, type ResourceServerConfig } from '#config';
import { configureApp } from '#platform';
import { startTestDatabase } from './database.js';

export interface StartResourceServerOptions {
  /** The app's root module (apps/api's or apps/mcp's `AppModule`). */
  module: Type<unknown>;
  /** Which resource server's configuration to build: `loadResourceConfig(app, …)`. */
  app: ResourceApp;
  /** The app's configuration provider (`apiConfig.KEY`, `mcpConfig.KEY`), overridden with the built one. */
  configKey: string | symbol;
  /** The environment the configuration is built from, over `NODE_ENV: 'test'`. */
  env: Env;
  /** Last-minute changes to the testing module, e.g. `.overrideProvider(JwksProvider)`. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Options of the Fastify adapter, as `main.ts` gives them (e.g. `bodyLimit`). */
  adapterOptions?: ConstructorParameters<typeof FastifyAdapter>[0];
  /** Set-up beyond `configureApp` that `main.ts` does before listening (e.g. OpenAPI). */
  beforeListen?: (app: NestFastifyApplication) => void;
  /** Where to listen, given the built configuration. */
  listen: (config: ResourceServerConfig) => { port: number; host: string };
}

/** A resource server booted by {@link startResourceServer}. */
export interface StartedResourceServer {
  app: NestFastifyApplication;
  /** The configuration the app runs with. */
  config: ResourceServerConfig;
  /** The port it listens on (the one the OS picked when `listen` asked for 0). */
  port: number;
  /** The database URL the app uses (`env.DATABASE_URL` or a fresh test database). */
  databaseUrl: string;
  /** Closes the app and, when this helper created it, its test database (free of `this`). */
  close: () => Promise<void>;
}

/**
 * Boots a resource server (apps/api or apps/mcp) from its real module graph, as its `main.ts`
 * does: configuration from `env` alone (`loadResourceConfig(app, { NODE_ENV: 'test', ...env })`)
 * provided under `configKey`, `configureApp`, then `beforeListen`, then `listen`.
 * Without `env.DATABASE_URL` it starts a fresh migrated test database (test/support/database.ts),
 * stopped on `close()`, or at once when the boot fails.
 */
export async function startResourceServer(
  options: StartResourceServerOptions,
): Promise<StartedResourceServer> {
  const { env } = options;
  const db = env.DATABASE_URL ? undefined : await startTestDatabase();
  try {
    const config = loadResourceConfig(options.app, {
      NODE_ENV: 'test',
      ...env,
      DATABASE_URL: env.DATABASE_URL ?? db!.url,
    });
    let builder = Test.createTestingModule({ imports: [options.module] })
      .overrideProvider(options.configKey)
      .useValue(config);
    if (options.override) builder = options.override(builder);
    const moduleRef = await builder.compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(
      new FastifyAdapter(options.adapterOptions),
      { logger: ['error', 'warn'] },
    );
    configureApp(app);
    options.beforeListen?.(app);
    await app.listen(options.listen(config));
    const { port } = app.getHttpServer().address() as { port: number };
    return {
      app,
      config,
      port,
      databaseUrl: config.database.url!,
      close: async () => {
        await app.close();
        await db?.stop();
      },
    };
  } catch (error) {
    await db?.stop();
    throw error;
  }
}
