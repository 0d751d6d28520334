/** How hard and how long the bench pushes. */
export interface BenchSettings {
  mode: 'full' | 'smoke';
  /** Connections of each throughput load. */
  connections: number;
  /** Connections of the sign-in load (each sign-in costs a scrypt hash). */
  signInConnections: number;
  warmupS: number;
  durationS: number;
  /** Measured windows per guard target, interleaved across targets; the median is reported. */
  rounds: number;
  /** Fresh starts per app for the start-to-ready time; the median is reported. */
  starts: number;
  /** Length of the sign-in storm (each sign-in costs a scrypt hash: give it enough for a stable p99). */
  stormS: number;
  /** Interval of the `/health/live` probe during the sign-in storm. */
  probeIntervalMs: number;
  /** Authorization codes exchanged per round of the `authorization_code` load (a quarter warm up). */
  oauthCodes: number;
}

export const FULL: BenchSettings = {
  mode: 'full',
  connections: 32,
  signInConnections: 8,
  warmupS: 2,
  durationS: 6,
  rounds: 3,
  starts: 3,
  stormS: 10,
  probeIntervalMs: 20,
  oauthCodes: 800,
};

/** A few seconds per run: proves every part works (CI), says nothing about speed. */
export const SMOKE: BenchSettings = {
  mode: 'smoke',
  connections: 4,
  signInConnections: 2,
  warmupS: 0.5,
  durationS: 2,
  rounds: 1,
  starts: 1,
  stormS: 3,
  probeIntervalMs: 20,
  oauthCodes: 40,
};
