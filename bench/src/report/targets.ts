import type { BenchResults, TargetRow, ThroughputRow } from './results.types.js';

type Measured = Pick<BenchResults, 'throughput' | 'stormProbe' | 'startup'>;

export const READY_MS = 2000;
/** The "under 150 MB", in the MiB that /proc reports (150 × 10^6 bytes). */
export const RSS_MIB = 150e6 / 2 ** 20;

/** Two measured rows and the ratio of their req/s; undefined unless both were measured. */
function ratioOf(
  r: Measured,
  numeratorId: string,
  denominatorId: string,
): { ratio: number; a: ThroughputRow; b: ThroughputRow } | undefined {
  const a = r.throughput.find((row) => row.id === numeratorId);
  const b = r.throughput.find((row) => row.id === denominatorId);
  return a?.status === 'ok' && b?.status === 'ok' && b.reqPerSec
    ? { ratio: a.reqPerSec / b.reqPerSec, a, b }
    : undefined;
}

function ratioTarget(
  r: Measured,
  label: string,
  numeratorId: string,
  denominatorId: string,
  min: number,
): TargetRow {
  const measured = ratioOf(r, numeratorId, denominatorId);
  if (!measured) return { label, measured: 'not measured', target: `≥ ${min}x`, met: null };
  const { ratio, a, b } = measured;
  return {
    label,
    measured: `${ratio.toFixed(2)}x (${a.reqPerSec} vs ${b.reqPerSec} req/s)`,
    target: `≥ ${min}x`,
    met: ratio >= min,
  };
}

/** The benchmark targets, evaluated on one run's figures. */
export function evaluateTargets(r: Measured): TargetRow[] {
  const guard = ratioTarget(
    r,
    "Guarded /me vs the same app's public /health/live (EdDSA)",
    'api-me',
    'api-health',
    0.85,
  );
  const ceiling = ratioOf(r, 'floor-me', 'floor-health');
  if (ceiling && guard.met !== null) {
    guard.measured += `; the same route in bare Fastify (SHA-256 cache, same body): ${ceiling.ratio.toFixed(2)}x`;
  }
  const rows: TargetRow[] = [guard];
  const passportEdDSA = r.throughput.find((row) => row.id === 'nest-passport');
  if (passportEdDSA?.status === 'ok') {
    rows.push(
      ratioTarget(
        r,
        'Guarded /me vs the passport-jwt peer (EdDSA)',
        'api-me',
        'nest-passport',
        1.3,
      ),
    );
  } else {
    rows.push(
      ratioTarget(
        r,
        'Guarded /me vs the passport-jwt peer (RS256: passport-jwt cannot verify EdDSA)',
        'api-me-rs256',
        'nest-passport-rs256',
        1.3,
      ),
    );
  }
  const kit = r.throughput.filter(
    (row) => (row.id.startsWith('api-') && row.id !== 'api-health') || row.id.startsWith('mcp-'),
  );
  const measuredKit = kit.filter((row) => row.status === 'ok');
  const fetches = measuredKit.reduce((n, row) => n + (row.keyFetches ?? 0), 0);
  const requests = measuredKit.reduce((n, row) => n + row.requests, 0);
  rows.push({
    label: 'Key fetches during steady-state guarded runs (kit api and mcp)',
    measured: measuredKit.length ? `${fetches} over ${requests} requests` : 'not measured',
    target: '0',
    met: measuredKit.length === kit.length && kit.length > 0 ? fetches === 0 : null,
  });
  rows.push(
    r.stormProbe
      ? {
          label: '/health/live p99 during the sign-in storm',
          measured: `${r.stormProbe.p99Ms} ms (${r.stormProbe.samples} probes)`,
          target: '< 20 ms',
          met: r.stormProbe.p99Ms < 20,
        }
      : {
          label: '/health/live p99 during the sign-in storm',
          measured: 'not measured',
          target: '< 20 ms',
          met: null,
        },
  );
  const all = r.startup.length === 3;
  rows.push({
    label: 'Start to ready, each app (median)',
    measured: r.startup.map((s) => `${s.app} ${s.readyMedianMs} ms`).join(', ') || 'not measured',
    target: `< ${READY_MS} ms`,
    met: all ? r.startup.every((s) => s.readyMedianMs < READY_MS) : null,
  });
  const rssKnown = all && r.startup.every((s) => Number.isFinite(s.rssWarmMiB));
  rows.push({
    label: 'Resident memory once warm, each app',
    measured: r.startup.map((s) => `${s.app} ${s.rssWarmMiB} MiB`).join(', ') || 'not measured',
    target: `< 150 MB (${RSS_MIB.toFixed(1)} MiB)`,
    met: rssKnown ? r.startup.every((s) => s.rssWarmMiB < RSS_MIB) : null,
  });
  return rows;
}
