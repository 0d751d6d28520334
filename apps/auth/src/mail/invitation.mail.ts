import type { MailMessage } from './mailer.port.js';

/** What an organization invitation says: who invites, to which organization, with which role. */
export interface InvitationMail {
  to: string;
  url: string;
  invitationId: string;
  organizationName: string;
  inviterName: string;
  role: string;
}

/**
 * The invitation to join an organization. The link opens the hosted accept page; accepting needs
 * a session of the invited address, so the link alone grants nothing to whoever else reads it.
 */
export function invitationMail(invite: InvitationMail): MailMessage {
  const { to, url, organizationName, inviterName, role } = invite;
  return {
    kind: 'organization-invitation',
    to,
    subject: `Join ${organizationName}`,
    text: `${inviterName} invites ${to} to join the organization "${organizationName}" as ${role}.\n\nTo accept or decline, sign in with this address and open:\n${url}\n\nIf you did not expect this, ignore this message.`,
    url,
    token: invite.invitationId,
  };
}
