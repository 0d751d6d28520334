/**
 * Organizations for e2e tests, through the auth server's real endpoints (Better Auth's organization
 * plugin): create one, invite a user by mail and accept from the mailed link, make one active.
 *
 * @example
 * const org = await createOrganization(auth, owner);            // active for the owner's session
 * await joinOrganization(auth, owner, member, org.id, 'member'); // invite + accept
 * await setActiveOrganization(auth, member, org.id);
 * const jwt = await auth.token(member.sessionToken);              // carries org_id / org_role
 */
import type { AuthServer, SignedUpUser } from './auth-server.js';

type Json = Record<string, unknown>;

async function call(auth: AuthServer, user: SignedUpUser, path: string, body: unknown) {
  const res = await fetch(`${auth.url}/api/auth/organization/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: auth.url,
      authorization: `Bearer ${user.sessionToken}`,
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Json;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Creates an organization owned by `owner` (and active for their session). */
export async function createOrganization(
  auth: AuthServer,
  owner: SignedUpUser,
  name = 'Acme',
): Promise<{ id: string; slug: string }> {
  const slug = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 10)}`;
  const org = await call(auth, owner, 'create', { name, slug });
  return { id: org.id as string, slug };
}

/** `inviter` invites `invitee` with `role`; `invitee` accepts from the mailed link. The member id. */
export async function joinOrganization(
  auth: AuthServer,
  inviter: SignedUpUser,
  invitee: SignedUpUser,
  organizationId: string,
  role = 'member',
): Promise<string> {
  const email = invitee.user.email;
  const before = (await auth.mails(email)).filter((m) => m.kind === 'organization-invitation');
  await call(auth, inviter, 'invite-member', { email, role, organizationId });
  const mail = await auth.waitForMail(email, 'organization-invitation', before.length + 1);
  const invitationId = new URL(mail.url).searchParams.get('id');
  const accepted = await call(auth, invitee, 'accept-invitation', { invitationId });
  return (accepted.member as Json).id as string;
}

/** Makes `organizationId` (or none, with `null`) the active organization of the user's session. */
export async function setActiveOrganization(
  auth: AuthServer,
  user: SignedUpUser,
  organizationId: string | null,
): Promise<void> {
  await call(auth, user, 'set-active', { organizationId });
}
