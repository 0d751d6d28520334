import type { BenchResults } from './results.types.js';

function pad(cells: string[][]): string {
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join('  '),
    )
    .join('\n');
}

/** A verdict word for a target. */
export function verdict(met: boolean | null): string {
  return met === null ? 'n/a' : met ? 'met' : 'MISSED';
}

/** The plain-text tables printed at the end of a run. */
export function textTables(r: BenchResults): string {
  const throughput = pad([
    ['run', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'key fetches', 'status'],
    ...r.throughput.map((row) => [
      row.label,
      row.status === 'ok' ? String(row.reqPerSec) : '-',
      row.status === 'ok' ? String(row.p50Ms) : '-',
      row.status === 'ok' ? String(row.p99Ms) : '-',
      row.cpuUsPerReq === null ? '' : String(row.cpuUsPerReq),
      row.keyFetches === null ? '' : String(row.keyFetches),
      row.status,
    ]),
  ]);
  const notes = r.throughput
    .filter((row) => row.note)
    .map((row) => `  ${row.id}: ${row.note}`)
    .join('\n');
  const startup = pad([
    ['app', 'ready ms (median)', 'starts', 'CPU to ready ms', 'RSS warm MiB'],
    ...r.startup.map((s) => [
      s.app,
      String(s.readyMedianMs),
      s.readyMs.join(' '),
      String(s.cpuToReadyMs),
      String(s.rssWarmMiB),
    ]),
  ]);
  const targets = pad([
    ['target', 'measured', 'wanted', 'verdict'],
    ...r.targets.map((t) => [t.label, t.measured, t.target, verdict(t.met)]),
  ]);
  const probe = r.stormProbe
    ? `/health/live during the sign-in storm: p50 ${r.stormProbe.p50Ms} ms, p99 ${r.stormProbe.p99Ms} ms, max ${r.stormProbe.maxMs} ms (${r.stormProbe.samples} probes)`
    : '';
  return [throughput, notes, probe, startup, targets].filter(Boolean).join('\n\n');
}
