import type { MailMessage } from './mailer.port.js';

interface Action {
  to: string;
  url: string;
  token: string;
}

/** The password-reset message. The link is Better Auth's `/reset-password/:token` redirect. */
export function resetPasswordMail({ to, url, token }: Action): MailMessage {
  return {
    kind: 'reset-password',
    to,
    subject: 'Reset your password',
    text: `Someone asked to reset the password of ${to}.\n\nTo choose a new password, open:\n${url}\n\nIf it was not you, ignore this message.`,
    url,
    token,
  };
}

/** The email-verification message. */
export function verifyEmailMail({ to, url, token }: Action): MailMessage {
  return {
    kind: 'verify-email',
    to,
    subject: 'Verify your email address',
    text: `Confirm that ${to} is your address by opening:\n${url}`,
    url,
    token,
  };
}
