import 'reflect-metadata';
import { exitOnBootError, loadDotEnv, loadResourceConfig } from '#config';
import { createApp } from '#platform';
import { API_BODY_LIMIT, setupOpenApi } from './api.setup.js';
import { AppModule } from './app.module.js';

async function bootstrap(): Promise<void> {
  loadDotEnv();
  const config = loadResourceConfig('api'); // fail fast, before Nest logs anything
  const app = await createApp(AppModule, { bodyLimit: API_BODY_LIMIT });
  // "Authorize" with OAuth on /docs when the kit's own auth server issues the tokens
  const oauth =
    config.jwt.provider === 'local'
      ? { authUrl: config.jwt.authUrl, apiUrl: config.publicUrl }
      : undefined;
  setupOpenApi(app, config.publicUrl, oauth);
  await app.listen({ port: config.port, host: config.host });
}

await bootstrap().catch(exitOnBootError('api'));
