import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { authConfig, type AuthConfig } from '#config';
import { FileMailer } from './file.mailer.js';
import { Mailer } from './mailer.port.js';

/** Binds the {@link Mailer} port from configuration: SMTP when `SMTP_URL` is set, files otherwise. */
@Module({
  providers: [
    {
      provide: Mailer,
      inject: [authConfig.KEY],
      // nodemailer is loaded only when SMTP is configured: less to load at every start
      useFactory: async (config: AuthConfig): Promise<Mailer> =>
        config.mail.smtpUrl
          ? new (await import('./smtp.mailer.js')).SmtpMailer(config.mail.smtpUrl, config.mail.from)
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
