import { setTimeout as delay } from 'node:timers/promises';

/** Minimum response time of one endpoint. */
export interface ResponseFloor {
  /** Milliseconds since the request arrived before the answer may leave. */
  ms: number;
  /** Pad only failures (status ≥ 400 or a thrown error): success already proves the account. */
  failuresOnly?: boolean;
}

/** Floors per Better Auth path, relative to the base path (e.g. `/sign-up/email`). */
export type ResponseFloors = Readonly<Record<string, ResponseFloor>>;

/** Clock and sleeper of {@link withResponseFloor}; tests inject fakes. */
export interface FloorTimer {
  now(): number;
  sleep(ms: number): Promise<unknown>;
}

const realTimer: FloorTimer = { now: () => performance.now(), sleep: (ms) => delay(ms) };

/**
 * Password reset requests: an existing address costs a verification-token insert, an unknown one
 * a lookup (Better Auth's request-password-reset). Both take ~5-7 ms on loopback; the floor sits far
 * above that, and above a loaded database's insert.
 */
export const PASSWORD_RESET_FLOOR_MS = 200;

/**
 * Sign-up with email verification on: a new address costs a user and an account insert and a
 * signed verification token, a taken one returns a synthetic user; both hash the password
 * (~95 ms on 2 idle cores, ~160 ms busy).
 */
export const SIGN_UP_FLOOR_MS = 400;

/**
 * Failed sign-ins: an existing address costs the user lookup, the account lookup and a scrypt
 * verify, an unknown one the user lookup and a scrypt hash (~95 ms on 2 idle cores, the existing
 * address ~2 ms slower). Successful sign-ins are not padded (the caller knew the password).
 */
export const SIGN_IN_FAILURE_FLOOR_MS = 300;

/**
 * The enumeration-sensitive endpoints and their floors. Sign-up is only padded when email
 * verification is on: with it off, a taken address gets an explicit 422 anyway.
 */
export function enumerationFloors(requireEmailVerification: boolean): ResponseFloors {
  return {
    '/sign-in/email': { ms: SIGN_IN_FAILURE_FLOOR_MS, failuresOnly: true },
    '/request-password-reset': { ms: PASSWORD_RESET_FLOOR_MS },
    ...(requireEmailVerification ? { '/sign-up/email': { ms: SIGN_UP_FLOOR_MS } } : {}),
  };
}

/**
 * Wraps a fetch-style handler so that answers on the paths in `floors` leave no earlier than the
 * floor after the request arrived, whatever the outcome (success, error answer or thrown error;
 * only failures for a `failuresOnly` floor): an existing and an unknown address then take the same
 * time unless the work itself exceeds the floor. Other paths pass through untouched.
 */
export function withResponseFloor(
  handler: (request: Request) => Promise<Response>,
  basePath: string,
  floors: ResponseFloors,
  timer: FloorTimer = realTimer,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const floor = request.method === 'POST' ? floorFor(request.url, basePath, floors) : undefined;
    if (floor === undefined) return handler(request);
    const started = timer.now();
    const pad = async () => {
      const remaining = started + floor.ms - timer.now();
      if (remaining > 0) await timer.sleep(remaining);
    };
    try {
      const response = await handler(request);
      if (!floor.failuresOnly || response.status >= 400) await pad();
      return response;
    } catch (error) {
      await pad();
      throw error;
    }
  };
}

function floorFor(
  url: string,
  basePath: string,
  floors: ResponseFloors,
): ResponseFloor | undefined {
  let path: string;
  try {
    // Over-matching only pads: collapse slashes, decode and ignore case so no spelling escapes it.
    path = decodeURIComponent(new URL(url).pathname)
      .replace(/\/{2,}/g, '/')
      .toLowerCase();
  } catch {
    return undefined;
  }
  if (!path.startsWith(`${basePath.toLowerCase()}/`)) return undefined;
  const route = path.slice(basePath.length).replace(/\/+$/, '');
  return Object.hasOwn(floors, route) ? floors[route] : undefined;
}
