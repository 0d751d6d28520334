import { Module } from '@nestjs/common';
import { authConfig, type AuthConfig } from '#config';
import { PrismaService } from '#database';
import { MailModule, Mailer } from '../mail/index.js';
import { createAuth } from './auth.factory.js';
import { resolveAuthSecret } from './auth.secret.js';
import { AUTH_REDIS, BETTER_AUTH } from './auth.tokens.js';
import type { RedisConnection } from './redis.connection.js';

/**
 * Builds the Better Auth instance from configuration and DI (Prisma, mailer, Redis) and exports
 * it as {@link BETTER_AUTH}, for `AuthModule.forRootAsync` and the auth server's own controllers.
 */
@Module({
  imports: [MailModule],
  providers: [
    {
      provide: AUTH_REDIS,
      inject: [authConfig.KEY],
      // ioredis is loaded only when Redis is configured: less to load at every start
      useFactory: async (config: AuthConfig) =>
        config.redisUrl
          ? new (await import('./redis.connection.js')).RedisConnection(config.redisUrl)
          : null,
    },
    {
      provide: BETTER_AUTH,
      inject: [authConfig.KEY, PrismaService, Mailer, AUTH_REDIS],
      useFactory: (
        config: AuthConfig,
        prisma: PrismaService,
        mailer: Mailer,
        redis: RedisConnection | null,
      ) => createAuth({ config, secret: resolveAuthSecret(config), prisma, mailer, redis }),
    },
  ],
  exports: [BETTER_AUTH, AUTH_REDIS, MailModule],
})
export class AuthSetupModule {}
