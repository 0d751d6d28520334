/**
 * What the auth server sends: a password reset, an email-address verification, the notice that
 * someone tried to sign up with an address that already has an account, or an organization
 * invitation.
 */
export type MailKind =
  'reset-password' | 'verify-email' | 'existing-account' | 'organization-invitation';

/** One outgoing message. `url` and `token`, when present, are the action the recipient takes. */
export interface MailMessage {
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  url?: string;
  token?: string;
}

/**
 * Port for outgoing mail. Bound to {@link SmtpMailer} when `SMTP_URL` is set, to {@link FileMailer}
 * otherwise. Inject with `@Inject(Mailer)`.
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** DI token of the {@link Mailer} port. */
export const Mailer = Symbol('Mailer');
