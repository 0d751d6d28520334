import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseConfig } from '#config';
import { PrismaClient } from '#prisma';
import { DATABASE_OPTIONS } from './database.module-definition.js';
import { databaseUrl } from './database.url.js';

/**
 * The Prisma client of an app, over `pg` through Prisma's driver adapter: the same path for the
 * embedded PGlite server and for a real PostgreSQL server. Connects lazily; closes its pool on shutdown.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  private readonly logger = new Logger(PrismaService.name);

  constructor(@Inject(DATABASE_OPTIONS) config: DatabaseConfig) {
    super({
      adapter: new PrismaPg({
        connectionString: databaseUrl(config),
        max: 10,
        connectionTimeoutMillis: 5000,
      }),
    });
  }

  /** True when the database answers a trivial query. Never throws: health checks report, they do not fail. */
  async isReachable(): Promise<boolean> {
    try {
      await this.$queryRaw`SELECT 1`;
      return true;
    } catch (error) {
      this.logger.warn(`database unreachable: ${(error as Error).message}`);
      return false;
    }
  }

  /**
   * After the HTTP server has drained (Nest runs module-destroy hooks before it closes the server):
   * closing in `onModuleDestroy` let in-flight requests reopen connections that were then cut at exit.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
