import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, MailMessage } from './mailer.port.js';

/**
 * Development mailer: writes each message as `<DATA_DIR>/mail/<time>-<kind>-<id>.json` (mode 0600)
 * and logs where it went. Outside production the log line carries the link too, so a developer can
 * click it; in production the link (a credential) never reaches the log.
 */
export class FileMailer implements Mailer {
  private readonly logger = new Logger('Mail');

  constructor(
    readonly dir: string,
    private readonly from: string,
    private readonly logLinks: boolean,
  ) {}

  async send(message: MailMessage): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = join(this.dir, `${stamp}-${message.kind}-${randomUUID()}.json`);
    const body = { from: this.from, ...message, sentAt: new Date().toISOString() };
    await writeFile(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    const link = this.logLinks && message.url ? ` ${message.url}` : '';
    this.logger.log(`"${message.subject}" to ${message.to} written to ${file}${link}`);
  }
}
