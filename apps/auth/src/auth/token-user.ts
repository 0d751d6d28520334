import { APIError } from 'better-auth/api';
import { tokenClaims, type TokenClaims } from './auth.claims.js';
import { sessionClaims, type ClaimSession, type SessionClaims } from './session.claims.js';

/** The user fields a token is built from, read fresh from the database at every mint. */
export interface TokenUser {
  email: string;
  emailVerified: boolean;
  name: string;
  role?: string | null;
  banned?: boolean | null;
  banExpires?: Date | string | null;
}

/** Reads a user by id (`null` when there is none). */
export type FindTokenUser = (id: string) => Promise<TokenUser | null>;

/** True while a ban holds: set, and without an expiry or with one still ahead. */
export function isBanActive(user: Pick<TokenUser, 'banned' | 'banExpires'>, now = Date.now()) {
  return user.banned === true && (!user.banExpires || new Date(user.banExpires).getTime() > now);
}

/**
 * The jwt plugin's `definePayload`, from the user row as it is now. Without secondary storage the
 * session's user was just read from the database with the session, so it is used as is; with
 * `REDIS_URL` the session carries a cached copy that only Better Auth's own updates rewrite, so
 * `findUser` reads the row again (a role, a ban or a deletion made any other way would otherwise
 * not reach the token). A deleted or banned user's session gets a 401 instead of a token. With a
 * session, the claims also say how and when it signed in (`sid`, `amr`, `auth_time`).
 */
export function currentUserClaims(findUser?: FindTokenUser) {
  return async ({
    user,
    session,
  }: {
    user: TokenUser & { id: string };
    session?: ClaimSession;
  }): Promise<TokenClaims & Partial<SessionClaims>> => {
    const current = findUser ? await findUser(user.id) : user;
    if (!current || isBanActive(current)) {
      throw new APIError('UNAUTHORIZED', {
        code: 'SESSION_USER_UNAVAILABLE',
        message: 'The account of this session is no longer allowed to sign in.',
      });
    }
    return { ...tokenClaims({ user: current }), ...(session ? sessionClaims(session) : {}) };
  };
}

/** {@link FindTokenUser} over Prisma: one primary-key read of the fields a token needs. */
export function prismaTokenUser(prisma: {
  user: { findUnique(args: object): Promise<unknown> };
}): FindTokenUser {
  return async (id) =>
    (await prisma.user.findUnique({
      where: { id },
      select: {
        email: true,
        emailVerified: true,
        name: true,
        role: true,
        banned: true,
        banExpires: true,
      },
    })) as TokenUser | null;
}
