import { jest } from '@jest/globals';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { createServer, type Server, type Socket } from 'node:net';
import { authConfig, loadAuthConfig } from '#config';
import { FileMailer } from './file.mailer.js';
import { MailModule } from './mail.module.js';
import { Mailer } from './mailer.port.js';
import { resetPasswordMail } from './mail.templates.js';
import { SmtpMailer } from './smtp.mailer.js';

/** A minimal SMTP sink: accepts one session's commands and keeps the DATA it received. */
function smtpSink(): Promise<{ server: Server; port: number; received: string[] }> {
  const received: string[] = [];
  const server = createServer((socket: Socket) => {
    let inData = false;
    let data = '';
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\r\n')) {
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(data);
            data = '';
            socket.write('250 queued\r\n');
          } else data += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (!line) continue;
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 sink\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port, received }),
    ),
  );
}

/** Stands for a request still in flight: Nest drains the HTTP server after module-destroy hooks. */
@Injectable()
class InFlightRequest implements BeforeApplicationShutdown {
  outcome = '';
  constructor(@Inject(Mailer) private readonly mailer: Mailer) {}

  async beforeApplicationShutdown(): Promise<void> {
    this.outcome = await this.mailer
      .send(resetPasswordMail({ to: 'late@example.com', url: 'http://x/late', token: 'late' }))
      .then(
        () => 'sent',
        (error: Error) => error.message,
      );
  }
}

async function mailerFor(env: Record<string, string>, providers: Provider[] = []) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [authConfig] }),
      MailModule,
    ],
    providers,
  })
    .overrideProvider(authConfig.KEY)
    .useValue(loadAuthConfig(env))
    .compile();
  return { moduleRef, mailer: moduleRef.get<SmtpMailer | FileMailer>(Mailer) };
}

describe('MailModule', () => {
  it('binds the file mailer without SMTP_URL', async () => {
    const { moduleRef, mailer } = await mailerFor({ DATA_DIR: '/tmp/kit-mail-test' });
    expect(mailer).toBeInstanceOf(FileMailer);
    expect((mailer as FileMailer).dir).toBe('/tmp/kit-mail-test/mail');
    await moduleRef.close();
  });

  it('sends through SMTP when SMTP_URL is set, keeping the link out of the log', async () => {
    const sink = await smtpSink();
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const { moduleRef, mailer } = await mailerFor({
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        MAIL_FROM: 'auth@example.com',
      });
      expect(mailer).toBeInstanceOf(SmtpMailer);
      await mailer.send(
        resetPasswordMail({
          to: 'ada@example.com',
          url: 'http://localhost:3001/api/auth/reset-password/tok-42?callbackURL=',
          token: 'tok-42',
        }),
      );
      await moduleRef.close();
      expect(sink.received).toHaveLength(1);
      expect(sink.received[0]).toMatch(/^From: auth@example.com$/m);
      expect(sink.received[0]).toMatch(/^To: ada@example.com$/m);
      expect(sink.received[0]).toContain('tok-42');
      expect(JSON.stringify(log.mock.calls)).not.toContain('tok-42');
    } finally {
      log.mockRestore();
      sink.server.close();
    }
  });

  it('keeps a pooled SMTP transport open until the HTTP server has drained, then closes it', async () => {
    const sink = await smtpSink();
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const { moduleRef, mailer } = await mailerFor(
        { SMTP_URL: `smtp://127.0.0.1:${sink.port}?pool=true`, MAIL_FROM: 'auth@example.com' },
        [InFlightRequest],
      );
      const inFlight = moduleRef.get(InFlightRequest);
      await moduleRef.close();
      expect(inFlight.outcome).toBe('sent');
      expect(sink.received).toHaveLength(1);
      expect(sink.received[0]).toMatch(/^To: late@example.com$/m);
      await expect(
        mailer.send(resetPasswordMail({ to: 'after@example.com', url: 'http://x/a', token: 'a' })),
      ).rejects.toThrow(/closed/i);
    } finally {
      log.mockRestore();
      sink.server.close();
    }
  });
});
