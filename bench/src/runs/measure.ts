import type { BenchSettings } from '../bench.settings.js';
import { runLoads } from '../load/load.client.js';
import type { CannonSpec, Credentials, LoadResult } from '../load/load.types.js';
import type { ThroughputRow } from '../report/results.types.js';
import { median } from '../report/stats.js';
import type { AppProcess } from '../procs/app.process.js';
import { checkOpen } from './guard.check.js';

/** One route to load, and how to tell whether it works before loading it. */
export interface Target {
  id: string;
  section: ThroughputRow['section'];
  label: string;
  request: Omit<
    CannonSpec,
    'kind' | 'connections' | 'durationS' | 'warmupS' | 'freshTokens' | 'credentials'
  >;
  /** Sign a new token for every request of the load. */
  freshTokens?: CannonSpec['freshTokens'];
  /**
   * Credentials that change per request (many users, one-time codes, rotating refresh tokens);
   * a function gives each round (1, 2, ...) its own, for credentials a round uses up.
   */
  credentials?: Credentials | ((round: number) => Credentials);
  connections?: number;
  /** CPU time of the server process so far, in ms. */
  cpuMs?: () => number;
  /** Counter of the key endpoint this target's verifier uses (omit for unguarded routes). */
  keyHits?: () => number;
  /** Resolves to a reason when the target cannot serve the load; undefined when it can. */
  check?: () => Promise<string | undefined>;
  /** A failed check means the stack cannot do this (reported as such), not that the bench broke. */
  unsupportedNote?: string;
}

/** A row for a target that was not measured. */
export function notMeasured(
  target: Target,
  status: 'unsupported' | 'failed',
  note: string,
): ThroughputRow {
  return {
    id: target.id,
    section: target.section,
    label: target.label,
    status,
    note,
    reqPerSec: 0,
    roundsReqPerSec: [],
    p50Ms: 0,
    p99Ms: 0,
    requests: 0,
    non2xx: 0,
    errors: 0,
    cpuUsPerReq: null,
    keyFetches: target.keyHits ? 0 : null,
  };
}

/** What was counted during a target's measured windows, summed over rounds. */
export interface Counted {
  keyFetches: number;
  cpuMs: number;
}

/** Aggregates rounds: median req/s and latencies, summed counts, key fetches and CPU time. */
export function toRow(target: Target, rounds: LoadResult[], counted?: Counted): ThroughputRow {
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const ok = rounds.reduce((n, r) => n + r.ok, 0);
  const errors = rounds.reduce((n, r) => n + r.errors + r.timeouts, 0);
  const healthy = ok > 0 && ok >= 0.99 * (requests + errors);
  const codes = [...new Set(rounds.flatMap((r) => Object.keys(r.statusCodes)))].join(', ');
  const cpuMs = target.cpuMs && counted ? counted.cpuMs : Number.NaN;
  return {
    id: target.id,
    section: target.section,
    label: target.label,
    status: healthy ? 'ok' : 'failed',
    note: healthy
      ? undefined
      : `only ${ok} of ${requests + errors} answers were 2xx (codes ${codes || 'none'}, ${errors} errors)`,
    reqPerSec: Math.round(median(rounds.map((r) => r.reqPerSec))),
    roundsReqPerSec: rounds.map((r) => Math.round(r.reqPerSec)),
    p50Ms: median(rounds.map((r) => r.latencyMs.p50)),
    p99Ms: median(rounds.map((r) => r.latencyMs.p99)),
    requests,
    non2xx: requests - ok,
    errors,
    cpuUsPerReq: Number.isFinite(cpuMs) && ok > 0 ? Math.round((cpuMs * 1000) / ok) : null,
    keyFetches: target.keyHits && counted ? counted.keyFetches : null,
  };
}

/**
 * Runs loads against one target (all `specs` side by side), counting key fetches and server CPU
 * during the measured window only.
 */
export async function measureOnce(
  target: Target,
  specs: Parameters<typeof runLoads>[0],
  counted: Counted,
): Promise<LoadResult[]> {
  let hits = 0;
  let cpu = 0;
  return runLoads(specs, {
    beforeMeasure: () => {
      hits = target.keyHits?.() ?? 0;
      cpu = target.cpuMs?.() ?? 0;
    },
    afterMeasure: () => {
      counted.keyFetches += (target.keyHits?.() ?? 0) - hits;
      counted.cpuMs += (target.cpuMs?.() ?? 0) - cpu;
    },
  });
}

/**
 * Checks every target, then loads the working ones round by round (targets interleaved, so a
 * neighbour's burst on a shared machine spreads over all of them).
 */
export async function measureTargets(
  targets: Target[],
  settings: BenchSettings,
  log: (line: string) => void,
): Promise<ThroughputRow[]> {
  const rows = new Map<string, ThroughputRow>();
  const live: Target[] = [];
  for (const target of targets) {
    const problem = await target.check?.();
    if (!problem) live.push(target);
    else if (target.unsupportedNote) {
      const note = `${target.unsupportedNote} (${problem})`;
      rows.set(target.id, notMeasured(target, 'unsupported', note));
    } else rows.set(target.id, notMeasured(target, 'failed', problem));
  }
  const results = new Map<string, LoadResult[]>(live.map((t) => [t.id, []]));
  const counts = new Map<string, Counted>(live.map((t) => [t.id, { keyFetches: 0, cpuMs: 0 }]));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of live) {
      const spec: CannonSpec = {
        kind: 'cannon',
        ...target.request,
        connections: target.connections ?? settings.connections,
        durationS: settings.durationS,
        warmupS: settings.warmupS,
        freshTokens: target.freshTokens,
        credentials:
          typeof target.credentials === 'function' ? target.credentials(round) : target.credentials,
      };
      const [result] = await measureOnce(target, [spec], counts.get(target.id)!);
      results.get(target.id)!.push(result);
      log(
        `  ${target.label} [round ${round}/${settings.rounds}]: ${Math.round(result.reqPerSec)} req/s, p99 ${result.latencyMs.p99} ms`,
      );
    }
  }
  for (const target of live) {
    rows.set(target.id, toRow(target, results.get(target.id)!, counts.get(target.id)));
  }
  return targets.map((t) => rows.get(t.id)!);
}

/** The public `GET /health/live` of `server`: the baseline a guarded route is compared with. */
export function healthTarget(
  id: string,
  label: string,
  server: AppProcess,
  section: ThroughputRow['section'] = 'guard',
): Target {
  const url = `${server.url}/health/live`;
  return { id, section, label, request: { url }, cpuMs: server.cpuMs, check: () => checkOpen(url) };
}
