import 'reflect-metadata';
import { exitOnBootError, loadAuthConfig, loadDotEnv } from '#config';
import { createApp } from '#platform';
import { AppModule } from './app.module.js';
import { AUTH_BODY_LIMIT } from './auth/auth.http.js';

async function bootstrap(): Promise<void> {
  loadDotEnv();
  const config = loadAuthConfig(); // fail fast, before Nest logs anything
  const app = await createApp(AppModule, { bodyParser: false, bodyLimit: AUTH_BODY_LIMIT });
  await app.listen({ port: config.port, host: config.host });
}

await bootstrap().catch(exitOnBootError('auth'));
