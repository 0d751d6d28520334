import { Controller, Get } from '@nestjs/common';
import { AllowAnonymous } from '@thallesp/nestjs-better-auth';
import { PrismaService } from '#database';
import { ReadinessService } from '#platform';

/** Liveness (the process answers) and readiness (its dependencies answer). */
@AllowAnonymous()
@Controller('health')
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly prisma: PrismaService,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  ready() {
    return this.readiness.check({ database: () => this.prisma.isReachable() });
  }
}
