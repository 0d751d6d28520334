import type { BenchResults, StartupRow, ThroughputRow } from './results.types.js';
import { READY_MS, RSS_MIB } from './targets.js';

const WIDTH = 960;
const LABEL_W = 470;
const BAR_W = 380;
const ROW_H = 24;
const HEAD_H = 34;

const SECTION_TITLES: Record<ThroughputRow['section'], string> = {
  guard: 'GET /me guarded with the same EdDSA token and keys (req/s)',
  'guard-users':
    "GET /me with 1,000 users' tokens, and with a new token per request (EdDSA, local keys; req/s)",
  'guard-rs256': 'The same with RS256 keys, for passport-jwt (req/s)',
  auth: 'Auth server (req/s)',
};

function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function isKit(row: ThroughputRow): boolean {
  return row.label.startsWith('kit ') || row.section === 'auth';
}

/**
 * A horizontal bar chart of every throughput row, one scale per section, as a standalone SVG
 * (no browser, no native dependency). Kit rows are blue, peers grey; rows that could not be
 * measured say why.
 */
export function chartSvg(r: BenchResults): string {
  const parts: string[] = [];
  let y = 44;
  for (const section of ['guard', 'guard-users', 'guard-rs256', 'auth'] as const) {
    const rows = r.throughput.filter((row) => row.section === section);
    if (!rows.length) continue;
    const max = Math.max(1, ...rows.map((row) => row.reqPerSec));
    parts.push(`<text x="12" y="${y + 18}" class="h">${esc(SECTION_TITLES[section])}</text>`);
    y += HEAD_H;
    for (const row of rows) {
      parts.push(`<text x="${LABEL_W - 8}" y="${y + 16}" class="l">${esc(row.label)}</text>`);
      if (row.status === 'ok') {
        const w = Math.max(1, Math.round((row.reqPerSec / max) * BAR_W));
        parts.push(
          `<rect x="${LABEL_W}" y="${y + 4}" width="${w}" height="${ROW_H - 8}" class="${isKit(row) ? 'kit' : 'peer'}"/>`,
          `<text x="${LABEL_W + w + 6}" y="${y + 16}" class="v">${row.reqPerSec.toLocaleString('en-US')} · p99 ${row.p99Ms} ms</text>`,
        );
      } else {
        parts.push(`<text x="${LABEL_W}" y="${y + 16}" class="na">${row.status}: see notes</text>`);
      }
      y += ROW_H;
    }
    y += 10;
  }
  for (const [title, unit, limit, value] of [
    [
      'Start to ready, median (ms; dashed line: the 2 s target)',
      'ms',
      READY_MS,
      (x: StartupRow) => x.readyMedianMs,
    ],
    [
      'Resident memory once warm (MiB; dashed line: the 150 MB target)',
      'MiB',
      RSS_MIB,
      (x: StartupRow) => x.rssWarmMiB,
    ],
  ] as const) {
    if (!r.startup.length) break;
    const max = Math.max(limit * 1.25, ...r.startup.map(value).filter(Number.isFinite));
    const scale = (v: number) => Math.round((v / max) * BAR_W);
    parts.push(`<text x="12" y="${y + 18}" class="h">${esc(title)}</text>`);
    y += HEAD_H;
    const top = y;
    for (const row of r.startup) {
      const v = value(row);
      parts.push(`<text x="${LABEL_W - 8}" y="${y + 16}" class="l">kit ${row.app}</text>`);
      if (Number.isFinite(v)) {
        parts.push(
          `<rect x="${LABEL_W}" y="${y + 4}" width="${Math.max(1, scale(v))}" height="${ROW_H - 8}" class="${v < limit ? 'kit' : 'miss'}"/>`,
          `<text x="${LABEL_W + scale(v) + 6}" y="${y + 16}" class="v">${v} ${unit}</text>`,
        );
      }
      y += ROW_H;
    }
    const x = LABEL_W + scale(limit);
    parts.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${y}" class="limit"/>`);
    y += 10;
  }
  const probe = r.stormProbe
    ? `/health/live p99 during the sign-in storm: ${r.stormProbe.p99Ms} ms`
    : '';
  const footer = `${r.mode} run, ${r.date.slice(0, 16).replace('T', ' ')} UTC · ${r.machine.cpus} cores · Node ${r.machine.node} · ${probe}`;
  y += 6;
  parts.push(`<text x="12" y="${y}" class="f">${esc(footer)}</text>`);
  const height = y + 14;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">
<style>
.t{font-size:17px;font-weight:bold;fill:#111}.h{font-size:14px;font-weight:bold;fill:#222}
.l{font-size:12px;fill:#333;text-anchor:end}.v{font-size:11px;fill:#222}.na{font-size:11px;fill:#a33;font-style:italic}
.f{font-size:11px;fill:#666}.kit{fill:#2b6cb0}.peer{fill:#a0aec0}.miss{fill:#c05621}
.limit{stroke:#c53030;stroke-width:1.5;stroke-dasharray:4 3}
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="12" y="26" class="t">npm run bench: the kit against the usual ways of guarding a Node API</text>
${parts.join('\n')}
</svg>
`;
}
