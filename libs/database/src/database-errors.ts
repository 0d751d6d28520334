/** Prisma codes for "the database is not there": auth failed, unreachable, missing, timed out, closed, pool exhausted. */
const PRISMA_UNAVAILABLE = new Set(['P1000', 'P1001', 'P1003', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Socket errors; PostgreSQL connection exceptions (08), shutdown/start-up (57P0x), missing database, failed login. */
const SOCKET_OR_SERVER_DOWN =
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|08\w{3}|57P0\d|3D000|28P01)$/;
/** Prisma driver-adapter error kinds (`@prisma/adapter-pg`) that mean the same. */
const ADAPTER_UNAVAILABLE = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'DatabaseDoesNotExist',
  'AuthenticationFailed',
]);
/**
 * Uncoded errors of the same, matched at the start of their message only (Prisma's own messages
 * can quote query input further on): `pg` losing or failing to open a connection, a socket error.
 */
const CONNECTION_LOST =
  /^(?:connection terminated|connection ended|connection timeout|timeout exceeded when trying to connect|connect (?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH)|read ECONNRESET|write EPIPE|terminating connection due to|the database system is (?:starting up|shutting down))/i;

/**
 * Whether an error means the database cannot be reached right now (answer 503), as opposed to a
 * query that failed. Follows `cause` and Prisma's `meta.driverAdapterError` a few levels down.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, originalCode, kind, name, message, cause, meta } = e as Record<string, unknown>;
    if (
      typeof code === 'string' &&
      (PRISMA_UNAVAILABLE.has(code) || SOCKET_OR_SERVER_DOWN.test(code))
    )
      return true;
    if (typeof originalCode === 'string' && SOCKET_OR_SERVER_DOWN.test(originalCode)) return true;
    if (typeof kind === 'string' && ADAPTER_UNAVAILABLE.has(kind)) return true;
    if (name === 'PrismaClientInitializationError') return true;
    if (typeof message === 'string' && CONNECTION_LOST.test(message)) return true;
    e = cause ?? (meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError;
  }
  return false;
}
