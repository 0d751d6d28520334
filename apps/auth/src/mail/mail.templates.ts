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
    // Opening the link for an account someone else created would hand them a verified address.
    text: `Confirm that ${to} is your address by opening:\n${url}\n\nIf you did not create an account, do not open the link: ignore this message.`,
    url,
    token,
  };
}

/**
 * Sent instead of a verification mail when someone signs up with an address that already has an
 * account: the caller gets the same answer as for a new address, the owner learns of the attempt
 * and how to get back in. It carries no link: nothing in it may be used by whoever triggered it.
 */
export function existingAccountMail({ to }: { to: string }): MailMessage {
  return {
    kind: 'existing-account',
    to,
    subject: 'Someone tried to sign up with your address',
    text: `Someone tried to create an account with ${to}, but this address already has one.\n\nIf it was you: sign in with your password. If you have forgotten it, use "Forgot password" on the sign-in page to get a reset link by mail.\n\nIf it was not you, you can ignore this message: nothing changed on your account.`,
  };
}
