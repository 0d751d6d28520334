/** Prisma codes for "the database is not there": auth failed, unreachable, missing, timed out, closed, pool exhausted. */
const PRISMA_UNAVAILABLE = new Set(['P1000', 'P1001', 'P1003', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Socket errors; PostgreSQL connection exceptions (08), shutdown/start-up (57P0x), missing database, failed login. */
const SOCKET_OR_SERVER_DOWN =
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|08\w{3}|57P0\d|3D000|28P01)$/;
/**
 * Uncoded messages of the same: `pg` losing a pooled connection (or PostgreSQL ending it on
 * shutdown, which Prisma reports in its message), a refused socket, Prisma's driver adapter.
 */
const CONNECTION_LOST =
  /connection (?:terminated|ended|timeout|closed|refused)|terminating connection|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|Can't reach database|DatabaseNotReachable|ConnectionClosed|timeout exceeded when trying to connect|the database system is (?:starting up|shutting down)/i;

/** Whether an error (or one of its causes) means the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, originalCode, name, message } = e as Record<string, unknown>;
    if (
      typeof code === 'string' &&
      (PRISMA_UNAVAILABLE.has(code) || SOCKET_OR_SERVER_DOWN.test(code))
    )
      return true;
    if (typeof originalCode === 'string' && SOCKET_OR_SERVER_DOWN.test(originalCode)) return true;
    if (name === 'PrismaClientInitializationError') return true;
    if (typeof message === 'string' && CONNECTION_LOST.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
