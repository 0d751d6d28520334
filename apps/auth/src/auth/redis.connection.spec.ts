import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AUTH_REDIS } from './auth.tokens.js';
import { RedisConnection } from './redis.connection.js';
import { TEST_REDIS_URL, redisReachable } from '../../../../test/support/redis.js';

const redisUrl = TEST_REDIS_URL;

/** Stands for a request still in flight: Nest drains the HTTP server after module-destroy hooks. */
@Injectable()
class InFlightRequest implements BeforeApplicationShutdown {
  answer = '';
  constructor(@Inject(AUTH_REDIS) private readonly redis: RedisConnection) {}

  async beforeApplicationShutdown(): Promise<void> {
    this.answer = await this.redis.client.ping().catch((error: Error) => error.message);
  }
}

((await redisReachable(redisUrl)) ? describe : describe.skip)('RedisConnection', () => {
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
