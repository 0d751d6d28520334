import { APIError } from 'better-auth/api';
import {
  databaseOutageSeen,
  failOnDatabaseOutage,
  trackDatabaseOutage,
  withUnavailableAs503,
} from './database-unavailable.js';
import { databaseUnavailablePlugin } from './database-unavailable.plugin.js';

describe('database unavailability', () => {
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

  describe('outage tracking', () => {
    const prisma = withUnavailableAs503({
      session: {
        findFirst: () => Promise.reject(new Error('Connection terminated unexpectedly')),
        findMany: () => Promise.reject(new Error('Unique constraint failed')),
      },
    });
    const { onResponse } = databaseUnavailablePlugin();
    const unauthorized = () => new Response('{"code":"UNAUTHORIZED"}', { status: 401 });

    it('records a connection error met in a scope, and only in that scope', async () => {
      const [lost, other] = await Promise.all([
        trackDatabaseOutage(async () => {
          await prisma.session.findFirst().catch(() => null); // swallowed, as Better Auth does
          return databaseOutageSeen();
        }),
        trackDatabaseOutage(async () => {
          await prisma.session.findMany().catch(() => null);
          return databaseOutageSeen();
        }),
      ]);
      expect([lost, other]).toEqual([true, false]);
      expect(databaseOutageSeen()).toBe(false);
    });

    it('turns the 401 of a request that lost the database into a 503 with Retry-After', async () => {
      const replaced = await trackDatabaseOutage(async () => {
        await prisma.session.findFirst().catch(() => null);
        return onResponse(unauthorized());
      });
      expect(replaced?.response.status).toBe(503);
      expect(replaced?.response.headers.get('retry-after')).toBe('5');
      expect(await replaced?.response.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    });

    it('turns any answer of a fail-closed request (sign-out) that lost the database into a 503', async () => {
      const ok = () => new Response('{"success":true}', { status: 200 });
      const [marked, unmarked, healthy] = await Promise.all([
        trackDatabaseOutage(async () => {
          failOnDatabaseOutage();
          await prisma.session.findFirst().catch(() => null);
          return onResponse(ok());
        }),
        trackDatabaseOutage(async () => {
          await prisma.session.findFirst().catch(() => null);
          return onResponse(ok());
        }),
        trackDatabaseOutage(() => {
          failOnDatabaseOutage();
          return onResponse(ok());
        }),
      ]);
      expect(marked?.response.status).toBe(503);
      expect(marked?.response.headers.get('set-cookie')).toBeNull();
      expect([unmarked, healthy]).toEqual([undefined, undefined]);
    });

    it('leaves other answers alone', async () => {
      expect(await trackDatabaseOutage(() => onResponse(unauthorized()))).toBeUndefined();
      expect(await onResponse(unauthorized())).toBeUndefined();
      const ok = await trackDatabaseOutage(async () => {
        await prisma.session.findFirst().catch(() => null);
        return onResponse(new Response('{}', { status: 200 }));
      });
      expect(ok).toBeUndefined();
    });
  });
});
