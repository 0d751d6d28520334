import { Controller, Get, Inject } from '@nestjs/common';
import { AllowAnonymous } from '@thallesp/nestjs-better-auth';
import { PrismaService } from '#database';
import { ReadinessService, type ReadinessProbe } from '#platform';
import { AUTH_REDIS } from '../auth/auth.tokens.js';
import type { RedisConnection } from '../auth/redis.connection.js';

/** Liveness (the process answers) and readiness (the database, and Redis when configured, answer). */
@AllowAnonymous()
@Controller('health')
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly prisma: PrismaService,
    @Inject(AUTH_REDIS) private readonly redis: RedisConnection | null,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  ready() {
    const probes: Record<string, ReadinessProbe> = { database: () => this.prisma.isReachable() };
    const redis = this.redis?.client;
    if (redis) probes.redis = async () => (await redis.ping()) === 'PONG';
    return this.readiness.check(probes);
  }
}
