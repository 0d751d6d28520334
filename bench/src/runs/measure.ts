import type { BenchSettings } from '../bench.settings.js';
import { runLoads } from '../load/load.client.js';
import type { CannonSpec, LoadResult } from '../load/load.types.js';
import type { ThroughputRow } from '../report/results.types.js';
import { median } from '../report/stats.js';

/** One route to load, and how to tell whether it works before loading it. */
export interface Target {
  id: string;
  section: ThroughputRow['section'];
  label: string;
  request: Omit<CannonSpec, 'kind' | 'connections' | 'durationS' | 'warmupS'>;
  connections?: number;
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
    keyFetches: target.keyHits ? 0 : null,
  };
}

/** Aggregates rounds: median req/s and latencies, summed counts and key fetches. */
export function toRow(
  target: Target,
  rounds: LoadResult[],
  keyFetches: number | null,
): ThroughputRow {
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const ok = rounds.reduce((n, r) => n + r.ok, 0);
  const errors = rounds.reduce((n, r) => n + r.errors + r.timeouts, 0);
  const healthy = ok > 0 && ok >= 0.99 * (requests + errors);
  const codes = [...new Set(rounds.flatMap((r) => Object.keys(r.statusCodes)))].join(', ');
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
    keyFetches,
  };
}

/**
 * Checks every target, then loads the working ones round by round (targets interleaved, so a
 * neighbour's burst on a shared machine spreads over all of them), counting key fetches during
 * the measured windows only.
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
    else if (target.unsupportedNote)
      rows.set(
        target.id,
        notMeasured(target, 'unsupported', `${target.unsupportedNote} (${problem})`),
      );
    else rows.set(target.id, notMeasured(target, 'failed', problem));
  }
  const results = new Map<string, LoadResult[]>(live.map((t) => [t.id, []]));
  const fetches = new Map<string, number>(live.map((t) => [t.id, 0]));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of live) {
      let before = 0;
      const [result] = await runLoads(
        [
          {
            kind: 'cannon',
            ...target.request,
            connections: target.connections ?? settings.connections,
            durationS: settings.durationS,
            warmupS: settings.warmupS,
          },
        ],
        {
          beforeMeasure: () => (before = target.keyHits?.() ?? 0),
          afterMeasure: () =>
            fetches.set(target.id, fetches.get(target.id)! + (target.keyHits?.() ?? 0) - before),
        },
      );
      results.get(target.id)!.push(result);
      log(
        `  ${target.label} [round ${round}/${settings.rounds}]: ${Math.round(result.reqPerSec)} req/s, p99 ${result.latencyMs.p99} ms`,
      );
    }
  }
  for (const target of live) {
    rows.set(
      target.id,
      toRow(target, results.get(target.id)!, target.keyHits ? fetches.get(target.id)! : null),
    );
  }
  return targets.map((t) => rows.get(t.id)!);
}
