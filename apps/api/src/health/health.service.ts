import { Injectable } from '@nestjs/common';
import { PrismaService } from '#database';
import { InjectJwksProvider, keysReady, type JwksProvider } from '#jwt-guard';

/** `up`/`down`; `unknown` when a custom key provider cannot tell. */
export type CheckStatus = 'up' | 'down';

export interface Readiness {
  ready: boolean;
  checks: { database: CheckStatus; keys: CheckStatus };
}

/** Readiness of the api's dependencies. Reports; never throws. */
@Injectable()
export class HealthService {
  constructor(
    private readonly prisma: PrismaService,
    @InjectJwksProvider() private readonly keys: JwksProvider,
  ) {}

  async readiness(): Promise<Readiness> {
    const [database, keys] = await Promise.all([this.prisma.isReachable(), this.keysStatus()]);
    const checks = { database: database ? 'up' : 'down', keys } as const;
    return { ready: database && keys !== 'down', checks };
  }

  private async keysStatus(): Promise<CheckStatus> {
    return (await keysReady(this.keys)) ? 'up' : 'down';
  }
}
