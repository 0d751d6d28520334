import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

/** The auth server's Redis client (only with `REDIS_URL`), closed on shutdown. */
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis;

  constructor(url: string) {
    this.client = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
    // Without a listener ioredis prints every reconnect failure as an unhandled error event.
    this.client.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
  }

  /**
   * After the HTTP server has drained (Nest runs module-destroy hooks before it closes the server):
   * in-flight requests still read sessions and rate-limit counters from Redis until then.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
