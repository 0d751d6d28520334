import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { PrismaService } from '#database';
import { InjectJwksProvider, keysReady, Public, type JwksProvider } from '#jwt-guard';

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
    const [database, keys] = await Promise.all([this.prisma.isReachable(), keysReady(this.keys)]);
    const checks = { database: database ? 'up' : 'down', keys: keys ? 'up' : 'down' };
    if (!database || !keys) throw new ServiceUnavailableException({ status: 'error', checks });
    return { status: 'ok', checks };
  }
}
