import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { PrismaService } from '#database';
import { InjectJwksProvider, keysReady, Public, type JwksProvider } from '#jwt-guard';
import { ReadinessService } from '#platform';

/** Liveness (the process answers) and readiness (the database and the issuer's keys answer). Public. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly prisma: PrismaService,
    @InjectJwksProvider() private readonly keys: JwksProvider,
  ) {}

  @Get('live')
  @ApiOkResponse({ description: '`{ status: "ok" }`' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ description: '`{ status: "ok", checks: { database, keys } }`' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; `checks` says which' })
  ready() {
    return this.readiness.check({
      database: () => this.prisma.isReachable(),
      keys: () => keysReady(this.keys),
    });
  }
}
