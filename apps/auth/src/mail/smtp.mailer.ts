import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Mailer, MailMessage } from './mailer.port.js';

/** Sends through an SMTP server given as `SMTP_URL` (`smtp://user:pass@host:587`, `smtps://...`). */
export class SmtpMailer implements Mailer, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
    // The address and subject only: the link is a credential.
    this.logger.log(`"${message.subject}" sent to ${message.to}`);
  }

  /** After the HTTP server has drained (module-destroy runs before it), so in-flight requests can still send. */
  onApplicationShutdown(): void {
    this.transport.close();
  }
}
