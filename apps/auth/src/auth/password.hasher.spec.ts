import { hashPassword, verifyPassword } from 'better-auth/crypto';
import { concurrencyLimit, limitedPasswordHasher } from './password.hasher.js';

describe('limitedPasswordHasher', () => {
  it("hashes in Better Auth's format, both ways compatible", async () => {
    const hasher = limitedPasswordHasher(1);
    const ours = await hasher.hash('correct horse battery');
    await expect(verifyPassword({ hash: ours, password: 'correct horse battery' })).resolves.toBe(
      true,
    );
    const theirs = await hashPassword('staple');
    await expect(hasher.verify({ hash: theirs, password: 'staple' })).resolves.toBe(true);
    await expect(hasher.verify({ hash: theirs, password: 'stapler' })).resolves.toBe(false);
  });

  it('never runs more than `max` tasks at once, and runs them all in arrival order', async () => {
    const limit = concurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(i);
      running--;
      return i;
    };
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => limit(task(i))));
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(order.slice(0, 2).sort()).toEqual([0, 1]);
  });

  it('frees the slot of a task that fails', async () => {
    const limit = concurrencyLimit(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
