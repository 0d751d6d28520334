/** One load to drive against one URL, from a child process of its own. */
export interface CannonSpec {
  kind: 'cannon';
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationS: number;
  /** Load before the measured window (same settings), so JIT, caches and pools are warm. */
  warmupS: number;
  /** Sign a new EdDSA token for every request (no two requests share one). */
  freshTokens?: FreshTokens;
  /** The status that counts as a success instead of any 2xx (304 for conditional requests). */
  okStatus?: number;
  /** Where each request's credential comes from, when it is not the fixed `headers`/`body`. */
  credentials?: Credentials;
}

/**
 * Credentials that change from request to request:
 * - `random-bearer`: one of `tokens`, picked at random for every request (many users at once, no
 *   two connections walking the same order);
 * - `once`: each body used once, in order (authorization codes); the load is a fixed number of
 *   requests, `warmup` of them before the measured window, the rest in it;
 * - `refresh-chain`: `refresh_token` grants, each with a refresh token no request used before:
 *   the pool starts with `tokens` and every answer's new refresh token goes back into it.
 */
export type Credentials =
  | { kind: 'random-bearer'; tokens: string[] }
  | { kind: 'once'; bodies: string[]; warmup: number }
  | { kind: 'refresh-chain'; tokens: string[]; form: Record<string, string> };

/** What a load worker needs to mint a new EdDSA JWT per request. */
export interface FreshTokens {
  privateKeyPem: string;
  kid: string;
  issuer: string;
  audience: string;
  subject: string;
}

/** A light latency probe: one request at a time, every `intervalMs`, timed with sub-millisecond resolution. */
export interface ProbeSpec {
  kind: 'probe';
  url: string;
  intervalMs: number;
  durationS: number;
  warmupS: number;
}

export type LoadSpec = CannonSpec | ProbeSpec;

/** What a load reports. Latencies are in milliseconds and cover successful (2xx) answers only. */
export interface LoadResult {
  url: string;
  durationS: number;
  requests: number;
  ok: number;
  /** Successful answers per second over the measured window. */
  reqPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
}

/** Messages between the driver and a load worker (child_process IPC). */
export type WorkerMessage =
  { type: 'warm' } | { type: 'result'; result: LoadResult } | { type: 'failed'; message: string };
export type DriverMessage = { type: 'start'; spec: LoadSpec } | { type: 'go' };
