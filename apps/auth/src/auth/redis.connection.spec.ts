import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { AUTH_REDIS, RedisConnection } from './redis.connection.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function reachable(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Stands for a request still in flight: Nest drains the HTTP server after module-destroy hooks. */
@Injectable()
class InFlightRequest implements BeforeApplicationShutdown {
  answer = '';
  constructor(@Inject(AUTH_REDIS) private readonly redis: RedisConnection) {}

  async beforeApplicationShutdown(): Promise<void> {
    this.answer = await this.redis.client.ping().catch((error: Error) => error.message);
  }
}

((await reachable(redisUrl)) ? describe : describe.skip)('RedisConnection', () => {
  it('stays open until the HTTP server has drained, then closes on application shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        { provide: AUTH_REDIS, useFactory: () => new RedisConnection(redisUrl) },
        InFlightRequest,
      ],
    }).compile();
    const redis = moduleRef.get<RedisConnection>(AUTH_REDIS);
    const inFlight = moduleRef.get(InFlightRequest);
    await moduleRef.close();
    expect(inFlight.answer).toBe('PONG');
    await expect(redis.client.ping()).rejects.toThrow('Connection is closed');
  });
});
