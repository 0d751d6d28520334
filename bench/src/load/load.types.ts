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
}

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
