export { FileMailer } from './file.mailer.js';
export { MailModule } from './mail.module.js';
export { Mailer, type MailKind, type MailMessage } from './mailer.port.js';
export { existingAccountMail, resetPasswordMail, verifyEmailMail } from './mail.templates.js';
export { invitationMail, type InvitationMail } from './invitation.mail.js';
