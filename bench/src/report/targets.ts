import type { BenchResults, TargetRow, ThroughputRow } from './results.types.js';

type Measured = Pick<BenchResults, 'throughput' | 'stormProbe' | 'startup' | 'memoryReferences'>;

export const READY_MS = 2000;
/** The kit's guarded `/me` against the passport-jwt recipe, in req/s. */
export const PASSPORT_MIN = 3;
/** The most CPU a signed token may cost the auth server, in µs. */
export const TOKEN_CPU_US = 1000;
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
        PASSPORT_MIN,
      ),
    );
  } else {
    const passport = ratioTarget(
      r,
      'Guarded /me vs the passport-jwt peer (RS256: passport-jwt cannot verify EdDSA)',
      'api-me-rs256',
      'nest-passport-rs256',
      PASSPORT_MIN,
    );
    // no guarded route of an app outruns its own public /health/live: the ratio's ceiling
    const ceiling = ratioOf(r, 'rs256-api-health', 'nest-passport-rs256');
    if (ceiling && passport.met !== null) {
      passport.measured += `; ceiling: the same api's /health/live is ${ceiling.ratio.toFixed(2)}x passport-jwt's /me`;
    }
    rows.push(passport);
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
  const references = (r.memoryReferences ?? []).map(
    (m) =>
      `; the same-work reference of ${m.apps.join(' and ')} with the kit's runtime settings (${m.label}): ${m.rssWarmMiB} MiB`,
  );
  rows.push({
    label: 'Resident memory once warm, each app',
    measured:
      (r.startup.map((s) => `${s.app} ${s.rssWarmMiB} MiB`).join(', ') || 'not measured') +
      references.join(''),
    target: `< 150 MB (${RSS_MIB.toFixed(1)} MiB)`,
    met: rssKnown ? r.startup.every((s) => s.rssWarmMiB < RSS_MIB) : null,
  });
  rows.push(...roundTwoTargets(r));
  return rows;
}

const row = (r: Measured, id: string) => r.throughput.find((t) => t.id === id && t.status === 'ok');
const cpu = (t: ThroughputRow | undefined) => t?.cpuUsPerReq ?? undefined;

/** A target on CPU µs per request: `id`'s against a limit or against `of` times another row's. */
function cpuTarget(
  r: Measured,
  label: string,
  id: string,
  limit: { us: number } | { times: number; of: string },
): TargetRow {
  const mine = cpu(row(r, id));
  const wanted = 'us' in limit ? `≤ ${limit.us} µs` : `≤ ${limit.times}x`;
  if (mine === undefined) return { label, measured: 'not measured', target: wanted, met: null };
  if ('us' in limit)
    return { label, measured: `${mine} µs`, target: wanted, met: mine <= limit.us };
  const other = cpu(row(r, limit.of));
  if (!other) return { label, measured: 'not measured', target: wanted, met: null };
  return {
    label,
    measured: `${(mine / other).toFixed(2)}x (${mine} vs ${other} µs)`,
    target: wanted,
    met: mine <= limit.times * other,
  };
}

/** The second round's targets: many users, new tokens, auth endpoints, MCP. */
function roundTwoTargets(r: Measured): TargetRow[] {
  const rows: TargetRow[] = [];
  const kit = ratioOf(r, 'api-me-users', 'users-api-health');
  const reference = ratioOf(r, 'floor-me-users', 'users-floor-health');
  const usersLabel = "Guarded /me with 1,000 users' tokens vs the same-work reference";
  rows.push(
    kit && reference
      ? {
          label: usersLabel,
          measured: `${(kit.ratio / reference.ratio).toFixed(2)}x (kit ${kit.ratio.toFixed(2)}x its /health/live, reference ${reference.ratio.toFixed(2)}x)`,
          target: '≥ 0.95x',
          met: kit.ratio >= 0.95 * reference.ratio,
        }
      : { label: usersLabel, measured: 'not measured', target: '≥ 0.95x', met: null },
  );
  rows.push(
    ratioTarget(
      r,
      'A new token on every request vs bare Fastify + jose (req/s)',
      'api-me-fresh',
      'jose-me-fresh',
      0.95,
    ),
    cpuTarget(
      r,
      'A new token on every request vs bare Fastify + jose (CPU per request)',
      'api-me-fresh',
      {
        times: 1.1,
        of: 'jose-me-fresh',
      },
    ),
  );
  // bare jose answers `{ sub }` and keeps nothing; the same-work reference does what the kit does
  const sameWork = ratioOf(r, 'api-me-fresh', 'floor-me-fresh');
  const floorCpu = cpu(row(r, 'floor-me-fresh'));
  const kitCpu = cpu(row(r, 'api-me-fresh'));
  if (sameWork && floorCpu && kitCpu) {
    let note = `; against the same-work reference (bare Fastify + jose + SHA-256-keyed cache + the same body): ${sameWork.ratio.toFixed(2)}x req/s, ${(kitCpu / floorCpu).toFixed(2)}x CPU (${kitCpu} vs ${floorCpu} µs)`;
    // the same work inside a bare NestJS app: what the framework alone adds
    const inNest = ratioOf(r, 'nest-floor-me-fresh', 'jose-me-fresh');
    const nestCpu = cpu(row(r, 'nest-floor-me-fresh'));
    const joseCpu = cpu(row(r, 'jose-me-fresh'));
    if (inNest && nestCpu && joseCpu) {
      note += `; the same work in bare NestJS: ${inNest.ratio.toFixed(2)}x req/s, ${(nestCpu / joseCpu).toFixed(2)}x CPU of bare jose (${nestCpu} µs)`;
    }
    rows[rows.length - 2].measured += note;
    rows[rows.length - 1].measured += note;
  }
  const documents = ['auth-jwks', 'auth-jwks-wk', 'auth-as-metadata', 'auth-openid-config'];
  const health = row(r, 'auth-health');
  const measured = documents.map((id) => row(r, id)).filter((t) => t !== undefined);
  const docsLabel = "JWKS and discovery documents vs the auth server's /health/live (the slowest)";
  if (health && measured.length === documents.length) {
    const slowest = measured.reduce((a, b) => (b.reqPerSec < a.reqPerSec ? b : a));
    const ratio = slowest.reqPerSec / health.reqPerSec;
    rows.push({
      label: docsLabel,
      measured: `${ratio.toFixed(2)}x (${slowest.label}: ${slowest.reqPerSec} vs ${health.reqPerSec} req/s)`,
      target: '≥ 0.8x',
      met: ratio >= 0.8,
    });
  } else rows.push({ label: docsLabel, measured: 'not measured', target: '≥ 0.8x', met: null });
  const notModified = r.throughput.find((t) => t.id === 'auth-jwks-304');
  rows.push({
    label: 'JWKS answers 304 to a matching If-None-Match',
    measured: notModified
      ? notModified.status === 'ok'
        ? 'yes'
        : `no (${notModified.note ?? notModified.status})`
      : 'not measured',
    target: 'yes',
    met: notModified ? notModified.status === 'ok' : null,
  });
  // Better Auth alone on bare Fastify, same database, same rounds: the library's own cost
  const withReference = (target: TargetRow, referenceId: string): TargetRow => {
    const floor = cpu(row(r, referenceId));
    if (target.met !== null && floor) {
      target.measured += `; the same-work reference (bare Fastify + Better Auth's JWT and OAuth provider plugins): ${floor} µs`;
    }
    return target;
  };
  rows.push(
    withReference(
      cpuTarget(r, 'GET /api/auth/token, CPU per token', 'auth-token', { us: TOKEN_CPU_US }),
      'floor-auth-token',
    ),
    withReference(
      cpuTarget(r, 'OAuth refresh_token grant, CPU per token', 'auth-oauth-refresh', {
        us: TOKEN_CPU_US,
      }),
      'floor-auth-refresh',
    ),
  );
  const mcp = cpuTarget(
    r,
    "MCP tools/call list_notes vs the api's GET /notes (CPU per request)",
    'mcp-list-notes',
    { times: 1.5, of: 'api-notes' },
  );
  // the same page through the MCP SDK and a plain route, in one bare process: the protocol's share
  const viaSdk = cpu(row(r, 'floor-mcp-list-notes'));
  const plain = cpu(row(r, 'floor-notes'));
  if (mcp.met !== null && viaSdk && plain) {
    mcp.measured += `; the same-work reference (bare Fastify + the MCP SDK + the kit's NotesService): ${(viaSdk / plain).toFixed(2)}x (${viaSdk} vs ${plain} µs)`;
  }
  rows.push(mcp);
  return rows;
}
