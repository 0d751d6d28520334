import { ValidationPipe, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AllExceptionsFilter } from './all-exceptions.filter.js';
import { tuneV8ForServer } from './v8-tuning.js';

export interface CreateAppOptions {
  /** Largest accepted request body in bytes (413 above it). Default 1 MiB. */
  bodyLimit?: number;
  /** Let Nest/Fastify parse bodies. The auth app turns it off: Better Auth reads the raw request. */
  bodyParser?: boolean;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy?: boolean;
}

/**
 * Builds a Nest app on Fastify the way every app of the kit runs: one exception filter, strict DTO
 * validation (400 naming the field), shutdown hooks for draining, and errors thrown rather than
 * logged-and-exited so `main.ts` can print one line.
 */
export async function createApp(
  module: Type<unknown>,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  tuneV8ForServer();
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    abortOnError: false,
    bodyParser: options.bodyParser ?? true,
  });
  configureApp(app);
  return app;
}

/** The parts of {@link createApp} that also apply to apps built by `Test.createTestingModule`. */
export function configureApp(app: INestApplication): void {
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.enableShutdownHooks();
}
