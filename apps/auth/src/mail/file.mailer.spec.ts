import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileMailer } from './file.mailer.js';
import { resetPasswordMail } from './mail.templates.js';

describe('FileMailer', () => {
  let dir: string;
  let log: ReturnType<typeof jest.spyOn>;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailer-'));
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    log.mockRestore();
    await rm(dir, { recursive: true, force: true });
  });

  const message = resetPasswordMail({
    to: 'a@example.com',
    url: 'http://localhost:3001/api/auth/reset-password/tok123?callbackURL=',
    token: 'tok123',
  });

  it('writes the message as a private JSON file and logs the link in development', async () => {
    const mailer = new FileMailer(join(dir, 'mail'), 'no-reply@localhost', true);
    await mailer.send(message);
    const [file] = await readdir(join(dir, 'mail'));
    expect(file).toMatch(/-reset-password-.+\.json$/);
    const path = join(dir, 'mail', file);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({
      from: 'no-reply@localhost',
      to: 'a@example.com',
      kind: 'reset-password',
      token: 'tok123',
      url: message.url,
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(String(log.mock.calls[0][0])).toContain(message.url);
  });

  it('keeps the link (a credential) out of the log in production', async () => {
    const mailer = new FileMailer(join(dir, 'mail'), 'no-reply@localhost', false);
    await mailer.send(message);
    expect(JSON.stringify(log.mock.calls)).not.toContain('tok123');
  });
});
