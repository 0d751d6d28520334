import { APIError } from 'better-auth/api';
import { isConnectionError, withUnavailableAs503 } from './database-unavailable.js';

describe('database unavailability', () => {
  it.each([
    [{ code: 'P1001', message: "Can't reach database server" }, true],
    [{ message: 'wrapped', cause: new Error('connect ECONNREFUSED 127.0.0.1:5432') }, true],
    [new Error('Connection terminated unexpectedly'), true],
    [{ code: 'P2002', message: 'Unique constraint failed' }, false],
    [new Error('syntax error at or near "x"'), false],
    [undefined, false],
  ])('classifies %j as a connection error: %s', (error, expected) => {
    expect(isConnectionError(error)).toBe(expected);
  });

  it('turns connection errors of model calls into a 503 APIError and leaves other errors alone', async () => {
    const prisma = {
      $queryRaw: () => 'raw',
      user: {
        findFirst: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
        create: () => Promise.reject(new Error('Unique constraint failed')),
        count: () => Promise.resolve(3),
      },
    };
    const wrapped = withUnavailableAs503(prisma);
    const error = await wrapped.user.findFirst().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).statusCode).toBe(503);
    await expect(wrapped.user.create()).rejects.toThrow('Unique constraint failed');
    await expect(wrapped.user.count()).resolves.toBe(3);
    expect(wrapped.$queryRaw()).toBe('raw');
  });
});
