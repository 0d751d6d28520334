/** The organization claims of a token minted while the session has an active organization. */
export interface OrganizationClaims {
  /** The active organization's id. */
  org_id: string;
  /** The user's role in it (`owner`, `admin` or `member`; several are comma-separated). */
  org_role: string;
}

/** Reads the user's role in an organization (`null` when they are not a member). */
export type FindMemberRole = (organizationId: string, userId: string) => Promise<string | null>;

/**
 * `org_id` and `org_role` for a user in an organization, read fresh at every mint: a role changed
 * or a member removed shows at the next token, whatever the session cached. Nothing (an empty
 * object) without an organization or once the user is no longer a member of it.
 */
export function organizationClaims(findRole: FindMemberRole) {
  return async (
    userId: string,
    organizationId: string | null | undefined,
  ): Promise<OrganizationClaims | Record<string, never>> => {
    if (!organizationId) return {};
    const role = await findRole(organizationId, userId);
    return role ? { org_id: organizationId, org_role: role } : {};
  };
}

/** {@link FindMemberRole} over Prisma: one indexed read of the member row. */
export function prismaMemberRole(prisma: {
  member: { findFirst(args: object): Promise<unknown> };
}): FindMemberRole {
  return async (organizationId, userId) => {
    const row = (await prisma.member.findFirst({
      where: { organizationId, userId },
      select: { role: true },
    })) as { role: string } | null;
    return row?.role ?? null;
  };
}

/** What the jwt plugin passes to `definePayload`: the user and the session minting the token. */
interface MintingSession<U> {
  user: U & { id: string };
  session: object;
}

/**
 * Wraps the jwt plugin's `definePayload`: its claims, plus {@link organizationClaims} for the
 * session's active organization (read after the user claims, so a refused user never gets here).
 */
export function withOrganizationClaims<U, C extends object>(
  define: (session: { user: U & { id: string } }) => Promise<C>,
  findRole: FindMemberRole,
) {
  const claims = organizationClaims(findRole);
  return async (minting: MintingSession<U>): Promise<C & Partial<OrganizationClaims>> => {
    const base = await define(minting);
    const active = (minting.session as { activeOrganizationId?: unknown }).activeOrganizationId;
    return {
      ...base,
      ...(await claims(minting.user.id, typeof active === 'string' ? active : null)),
    };
  };
}
