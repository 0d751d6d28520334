import { Logger } from '@nestjs/common';
import { isAPIError } from 'better-auth/api';

type Level = 'debug' | 'info' | 'warn' | 'error';

const nest = new Logger('BetterAuth');

/** Longest line written: messages may quote attacker-controlled values (a 40 kB `redirectTo`). */
export const MAX_LOG_LINE = 1000;

/** Cuts a line to {@link MAX_LOG_LINE} characters, saying how much was left out. */
export function boundLine(line: string): string {
  return line.length <= MAX_LOG_LINE
    ? line
    : `${line.slice(0, MAX_LOG_LINE)}… (${line.length - MAX_LOG_LINE} more characters)`;
}

/** One line per argument: an error's message (its stack stays out: it may quote queries). */
function describe(arg: unknown): string {
  if (arg instanceof Error) return `${arg.name}: ${arg.message.split('\n')[0]}`;
  if (typeof arg === 'string') return arg;
  return '';
}

/**
 * Better Auth's `logger` option: its messages go through Nest's logger (one format for the app),
 * at `warn` and above (`error` only under NODE_ENV=test, where wrong passwords are the point).
 */
export function betterAuthLogger(env: string) {
  return {
    level: (env === 'test' ? 'error' : 'warn') as Level,
    log: (level: Level, message: string, ...args: unknown[]) => {
      const line = boundLine([message, ...args.map(describe)].filter(Boolean).join(' '));
      if (level === 'error') nest.error(line);
      else if (level === 'warn') nest.warn(line);
      else nest.log(line);
    },
  };
}

/**
 * Better Auth's `onAPIError.onError`: a refused request (a 4xx: bad input, a wrong password, too
 * many attempts) is the client's doing and answered as such, so it is logged at debug, not as an
 * error of the server; anything else (a 5xx, a database fault) at error, as one bounded line.
 * Better Auth still builds the answer itself.
 */
export function logBetterAuthError(error: unknown): void {
  if (isAPIError(error) && error.statusCode < 500) {
    nest.debug(boundLine(`${error.statusCode} ${error.message}`));
    return;
  }
  nest.error(boundLine(describe(error) || String(error)));
}
