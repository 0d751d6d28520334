import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { PrismaService } from '#database';
import { InjectJwksProvider, Public, type JwksProvider } from '#jwt-guard';

/** Liveness (the process answers) and readiness (the database answers, verification keys can be had). Public. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    @InjectJwksProvider() private readonly keys: JwksProvider,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    const [database, keys] = await Promise.all([
      this.prisma.isReachable(),
      this.keys.isReady ? this.keys.isReady() : Promise.resolve(true),
    ]);
    const checks = { database: database ? 'up' : 'down', keys: keys ? 'up' : 'down' };
    if (!database || !keys) throw new ServiceUnavailableException({ status: 'error', checks });
    return { status: 'ok', checks };
  }
}
