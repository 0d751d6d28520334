import { Controller, Get } from '@nestjs/common';
import { PrismaService } from '#database';
import { InjectJwksProvider, keysReady, Public, type JwksProvider } from '#jwt-guard';
import { ReadinessService } from '#platform';

/** Liveness (the process answers) and readiness (the database answers, verification keys can be had). Public. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly prisma: PrismaService,
    @InjectJwksProvider() private readonly keys: JwksProvider,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  ready() {
    return this.readiness.check({
      database: () => this.prisma.isReachable(),
      keys: () => keysReady(this.keys),
    });
  }
}
