import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAuthConfig } from '#config';
import { resolveAuthSecret } from './auth.secret.js';

describe('resolveAuthSecret', () => {
  let dir: string;
  let warn: ReturnType<typeof jest.spyOn>;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'auth-secret-'));
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    warn.mockRestore();
    await rm(dir, { recursive: true, force: true });
  });

  it('uses BETTER_AUTH_SECRET when set, and writes nothing', async () => {
    const secret = 'kQ9v2Lr7Zp4Xw8Ym3Tn6Bc1Hd5Fg0Js2Ua7Ve4Wx9';
    expect(resolveAuthSecret(loadAuthConfig({ BETTER_AUTH_SECRET: secret, DATA_DIR: dir }))).toBe(
      secret,
    );
    await expect(stat(join(dir, 'auth-secret'))).rejects.toThrow();
  });

  it('generates a development secret once (mode 0600), reuses it, and warns once with its path', async () => {
    const config = loadAuthConfig({ DATA_DIR: join(dir, 'nested') });
    const first = resolveAuthSecret(config);
    const second = resolveAuthSecret(config);
    const path = join(dir, 'nested', 'auth-secret');
    expect(first).toBe(second);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect((await readFile(path, 'utf8')).trim()).toBe(first);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(`using a development secret from ${path}`);
    expect(JSON.stringify(warn.mock.calls)).not.toContain(first);
  });

  it('refuses a truncated secret file instead of using it', async () => {
    await writeFile(join(dir, 'auth-secret'), 'short\n');
    expect(() => resolveAuthSecret(loadAuthConfig({ DATA_DIR: dir }))).toThrow(/too short/);
  });
});
