/** One measured load (or the reason it was not run). */
export interface ThroughputRow {
  id: string;
  section: 'guard' | 'guard-users' | 'guard-rs256' | 'auth';
  label: string;
  /** `ok`: measured; `unsupported`: the stack cannot do it (see `note`); `failed`: it should have worked. */
  status: 'ok' | 'unsupported' | 'failed';
  note?: string;
  reqPerSec: number;
  /** req/s of each round, in run order. */
  roundsReqPerSec: number[];
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /**
   * Server CPU time per answered request over the measured windows, in µs: less sensitive than
   * req/s to other work on a shared machine.
   */
  cpuUsPerReq: number | null;
  /** Requests that reached the key endpoint during the measured windows (null: not a guard run). */
  keyFetches: number | null;
}

export interface StartupRow {
  app: 'auth' | 'api' | 'mcp';
  readyMs: number[];
  readyMedianMs: number;
  /** CPU time (all threads) the process had used when it became ready, median: robust to a busy machine. */
  cpuToReadyMs: number;
  /** Resident memory after the app served load. */
  rssWarmMiB: number;
}

export interface TargetRow {
  label: string;
  measured: string;
  target: string;
  /** null: could not be evaluated (a run failed or was not made). */
  met: boolean | null;
}

/** A same-work reference's resident memory once warm, and the apps whose work it does. */
export interface MemoryReference {
  label: string;
  rssWarmMiB: number;
  apps: string[];
}

export interface BenchResults {
  date: string;
  mode: 'full' | 'smoke';
  command: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    loadAvgAtStart: number[];
    loadAvgAtEnd: number[];
  };
  settings: Record<string, number | string>;
  /** Where tokens and keys came from. */
  keys: { guard: string; rs256: string };
  database: string;
  throughput: ThroughputRow[];
  stormProbe: { p50Ms: number; p99Ms: number; maxMs: number; samples: number } | null;
  startup: StartupRow[];
  /**
   * Resident memory of the same-work references with the kit's runtime settings, once they served
   * load: what the named apps' work holds on this runtime without Nest and the kit.
   */
  memoryReferences?: MemoryReference[];
  targets: TargetRow[];
  durationS: number;
  failures: string[];
}
