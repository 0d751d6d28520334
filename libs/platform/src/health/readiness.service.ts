import { HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';

/** A dependency probe: `true` when it answers. A throw, or no answer within 3 s, counts as `false`. */
export type ReadinessProbe = () => Promise<boolean>;

const PROBE_TIMEOUT_MS = 3000;

/** A probe's answer, or `false` once it has kept the readiness check waiting too long. */
function withinTimeout(answer: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

/** The public answer of `GET /health/ready`: each dependency `up` or `down`. */
export interface ReadinessReport {
  status: 'ok' | 'error';
  checks: Record<string, 'up' | 'down'>;
}

/**
 * The one readiness rule of the kit's apps, run by @nestjs/terminus: every probe is a terminus
 * health indicator; ready when all are up. Answers `{ status: 'ok', checks }`, or throws a 503 with
 * `{ status: 'error', checks }` (terminus's own detail, messages included, stays in its log).
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(probes: Record<string, ReadinessProbe>): Promise<ReadinessReport> {
    const names = Object.keys(probes);
    const indicators: HealthIndicatorFunction[] = names.map((name) => async () => {
      const session = this.indicators.check(name);
      const up = await withinTimeout(probes[name]()).catch(() => false);
      return up ? session.up() : session.down();
    });
    try {
      await this.health.check(indicators);
      return { status: 'ok', checks: Object.fromEntries(names.map((name) => [name, 'up'])) };
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      const body = error.getResponse() as { details?: Record<string, { status?: string }> };
      const checks = Object.fromEntries(
        names.map((name) => [name, body.details?.[name]?.status === 'up' ? 'up' : 'down']),
      ) as ReadinessReport['checks'];
      throw new ServiceUnavailableException({ status: 'error', checks });
    }
  }
}
