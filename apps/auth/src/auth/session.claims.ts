import { parseAmr, type Amr } from './sign-in-methods.js';

/** The claims that say how and when the session behind a token signed in. */
export interface SessionClaims {
  /** The session's id (what `/list-sessions` and `/revoke-session-by-id` call it). */
  sid: string;
  /** RFC 8176 methods of the sign-in that created the session (absent for older sessions). */
  amr?: Amr[];
  /** When that sign-in happened, in seconds since the epoch (the session's creation). */
  auth_time: number;
}

/** The session fields {@link sessionClaims} reads. */
export interface ClaimSession {
  id: string;
  createdAt: Date | string;
  amr?: string | null;
}

/** `sid`, `amr` and `auth_time` of a session. */
export function sessionClaims(session: ClaimSession): SessionClaims {
  const amr = parseAmr(session.amr);
  return {
    sid: session.id,
    ...(amr.length ? { amr } : {}),
    auth_time: Math.floor(new Date(session.createdAt).getTime() / 1000),
  };
}
