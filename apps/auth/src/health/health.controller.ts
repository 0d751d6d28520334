import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { PrismaService } from '#database';

/** Liveness (the process answers) and readiness (its dependencies answer). */
@Controller('health')
export class HealthController {
  constructor(private readonly prisma: PrismaService) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    const database = await this.prisma.isReachable();
    const checks = { database: database ? 'up' : 'down' };
    if (!database) throw new ServiceUnavailableException({ status: 'error', checks });
    return { status: 'ok', checks };
  }
}
