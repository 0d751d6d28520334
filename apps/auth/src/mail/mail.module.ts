import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { authConfig, type AuthConfig } from '#config';
import { FileMailer } from './file.mailer.js';
import { Mailer } from './mailer.port.js';
import { SmtpMailer } from './smtp.mailer.js';

/** Binds the {@link Mailer} port from configuration: SMTP when `SMTP_URL` is set, files otherwise. */
@Module({
  providers: [
    {
      provide: Mailer,
      inject: [authConfig.KEY],
      useFactory: (config: AuthConfig): Mailer =>
        config.mail.smtpUrl
          ? new SmtpMailer(config.mail.smtpUrl, config.mail.from)
          : new FileMailer(
              join(config.database.dataDir, 'mail'),
              config.mail.from,
              !config.production,
            ),
    },
  ],
  exports: [Mailer],
})
export class MailModule {}
