import { organization } from 'better-auth/plugins/organization';
import { invitationMail, type MailMessage } from '../mail/index.js';

/** Hosted page an invitation mail links to (`?id=<invitation id>`). */
export const ACCEPT_INVITATION_PAGE = '/accept-invitation';

/** The organization roles: Better Auth's defaults, named once for the pages and the docs. */
export const ORGANIZATION_ROLES = ['owner', 'admin', 'member'] as const;

/** What {@link organizationsPlugin} needs. */
export interface OrganizationsDeps {
  /** The auth server's public base URL (`AUTH_URL`): invitation links point at its accept page. */
  baseUrl: string;
  /** Sends a message without making the request wait for it. */
  send: (message: MailMessage) => Promise<void>;
}

/** Link of the hosted accept page for one invitation. */
export function invitationUrl(baseUrl: string, invitationId: string): string {
  const url = new URL(ACCEPT_INVITATION_PAGE, baseUrl);
  url.searchParams.set('id', invitationId);
  return url.toString();
}

/**
 * Better Auth's organization plugin under `/api/auth/organization/*`: any signed-in user creates
 * organizations (and becomes their `owner`), owners and admins invite by mail and manage members,
 * roles are `owner`, `admin` and `member`, and `set-active` picks the session's active
 * organization, which the session's tokens then carry as `org_id` / `org_role`
 * (organization.claims.ts). No teams.
 */
export function organizationsPlugin({ baseUrl, send }: OrganizationsDeps) {
  return organization({
    creatorRole: 'owner',
    // A new invitation to the same address replaces the pending one instead of piling up links.
    cancelPendingInvitationsOnReInvite: true,
    sendInvitationEmail: ({ id, email, role, organization: org, inviter }) =>
      send(
        invitationMail({
          to: email,
          url: invitationUrl(baseUrl, id),
          invitationId: id,
          organizationName: org.name,
          inviterName: inviter.user.name || inviter.user.email,
          role,
        }),
      ),
  });
}
