import { chartSvg } from './chart.svg.js';
import { ownerOf } from './cpu-profile.js';
import { markdown } from './markdown.js';
import type { BenchResults, ThroughputRow } from './results.types.js';
import { median, percentile } from './stats.js';
import { evaluateTargets } from './targets.js';

function row(id: string, reqPerSec: number, extra: Partial<ThroughputRow> = {}): ThroughputRow {
  return {
    id,
    section: id.endsWith('rs256') ? 'guard-rs256' : 'guard',
    label: `label <${id}> & co`,
    status: 'ok',
    reqPerSec,
    roundsReqPerSec: [reqPerSec],
    p50Ms: 1,
    p99Ms: 3,
    requests: 1000,
    non2xx: 0,
    errors: 0,
    cpuUsPerReq: 100,
    keyFetches: id === 'api-health' ? null : 0,
    ...extra,
  };
}

function results(throughput: ThroughputRow[]): BenchResults {
  return {
    date: '2026-11-26T17:00:00.000Z',
    mode: 'full',
    command: 'npm run bench',
    machine: {
      cpus: 2,
      cpuModel: 'test',
      memoryGiB: 24,
      node: '20.20.2',
      platform: 'linux x64',
      loadAvgAtStart: [0.1, 0.1, 0.1],
      loadAvgAtEnd: [0.2, 0.1, 0.1],
    },
    settings: { connections: 32 },
    keys: { guard: 'auth server', rs256: 'key server' },
    database: 'PostgreSQL',
    throughput,
    stormProbe: { p50Ms: 1, p99Ms: 12.5, maxMs: 30, samples: 400 },
    startup: [
      { app: 'auth', readyMs: [900], readyMedianMs: 900, cpuToReadyMs: 800, rssWarmMiB: 160 },
      { app: 'api', readyMs: [700], readyMedianMs: 700, cpuToReadyMs: 600, rssWarmMiB: 120 },
      { app: 'mcp', readyMs: [2100], readyMedianMs: 2100, cpuToReadyMs: 700, rssWarmMiB: 110 },
    ],
    targets: [],
    durationS: 300,
    failures: [],
  };
}

describe('bench report', () => {
  it('computes nearest-rank percentiles and medians', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([], 99)).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('judges each target, comparing with passport-jwt at RS256 when it cannot do EdDSA', () => {
    const r = results([
      row('api-health', 10_000),
      row('api-me', 9_000),
      row('api-notes', 1_000, { keyFetches: 1 }),
      row('nest-passport', 0, { status: 'unsupported', note: 'no EdDSA' }),
      row('api-me-rs256', 8_000),
      row('nest-passport-rs256', 2_500),
    ]);
    const targets = evaluateTargets(r).slice(0, 6);
    expect(targets.map((t) => t.met)).toEqual([true, true, false, true, false, false]);
    expect(targets[0].measured).toMatch(/^0\.90x/);
    expect(targets[1].label).toMatch(/RS256/);
    expect(targets[1].measured).toMatch(/^3\.20x/);
    expect(targets[2].measured).toBe('1 over 3000 requests');
    expect(targets[4].measured).toContain('mcp 2100 ms');
    expect(targets[5].measured).toContain('auth 160 MiB');
    expect(targets[5].measured).not.toContain('reference');
  });

  it('puts the same-work memory reference beside the apps, and judges the apps alone', () => {
    const measured = results([]);
    measured.memoryReferences = [
      { label: 'bare Fastify + Prisma', rssWarmMiB: 171.5, apps: ['api', 'mcp'] },
      { label: 'bare Fastify + Better Auth', rssWarmMiB: 180.2, apps: ['auth'] },
    ];
    const memory = evaluateTargets(measured).find((t) => /Resident memory/.test(t.label))!;
    expect(memory).toMatchObject({
      met: false,
      measured:
        "auth 160 MiB, api 120 MiB, mcp 110 MiB; the same-work reference of api and mcp with the kit's runtime settings (bare Fastify + Prisma): 171.5 MiB; the same-work reference of auth with the kit's runtime settings (bare Fastify + Better Auth): 180.2 MiB",
    });
  });

  it('puts the bare-Fastify ceiling next to the /me ratio when the reference was measured', () => {
    const base = [row('api-health', 10_000), row('api-me', 7_000)];
    const [withFloor] = evaluateTargets(
      results([...base, row('floor-health', 20_000), row('floor-me', 15_000)]),
    );
    expect(withFloor.met).toBe(false);
    expect(withFloor.measured).toBe(
      '0.70x (7000 vs 10000 req/s); the same route in bare Fastify (SHA-256 cache, same body): 0.75x',
    );
    const [failedFloor] = evaluateTargets(
      results([...base, row('floor-health', 20_000), row('floor-me', 0, { status: 'failed' })]),
    );
    expect(failedFloor.measured).toBe('0.70x (7000 vs 10000 req/s)');
  });

  it('judges the many-users, new-token, auth-document, token-CPU and MCP targets', () => {
    const auth = (id: string, reqPerSec: number, extra: Partial<ThroughputRow> = {}) =>
      row(id, reqPerSec, { section: 'auth', keyFetches: null, ...extra });
    const targets = evaluateTargets(
      results([
        row('users-api-health', 10_000),
        row('api-me-users', 7_600),
        row('users-floor-health', 20_000),
        row('floor-me-users', 16_000),
        row('api-me-fresh', 4_000, { cpuUsPerReq: 230 }),
        row('jose-me-fresh', 4_100, { cpuUsPerReq: 200 }),
        auth('auth-health', 10_000),
        auth('auth-jwks', 9_000),
        auth('auth-jwks-wk', 9_500),
        auth('auth-as-metadata', 7_000),
        auth('auth-openid-config', 8_500),
        auth('auth-jwks-304', 9_900),
        auth('auth-token', 900, { cpuUsPerReq: 950 }),
        auth('auth-oauth-refresh', 300, { cpuUsPerReq: 3100 }),
        row('api-notes', 2_000, { cpuUsPerReq: 400 }),
        row('mcp-list-notes', 1_000, { cpuUsPerReq: 700 }),
      ]),
    );
    const byLabel = (pattern: RegExp) => targets.find((t) => pattern.test(t.label))!;
    expect(byLabel(/1,000 users/)).toMatchObject({ met: true });
    expect(byLabel(/1,000 users/).measured).toMatch(/^0\.95x \(kit 0\.76x/);
    expect(byLabel(/new token.*req\/s/)).toMatchObject({ met: true });
    expect(byLabel(/new token.*CPU/)).toMatchObject({
      met: false,
      measured: '1.15x (230 vs 200 µs)',
    });
    expect(byLabel(/discovery/)).toMatchObject({ met: false });
    expect(byLabel(/discovery/).measured).toMatch(/^0\.70x \(label <auth-as-metadata>/);
    expect(byLabel(/304/)).toMatchObject({ met: true });
    expect(byLabel(/api\/auth\/token/)).toMatchObject({ met: true, measured: '950 µs' });
    expect(byLabel(/refresh_token/)).toMatchObject({ met: false, measured: '3100 µs' });
    expect(byLabel(/list_notes/)).toMatchObject({ met: false, measured: '1.75x (700 vs 400 µs)' });
  });

  it("puts the api's own /health/live beside the passport-jwt ratio as its ceiling", () => {
    const [, passport] = evaluateTargets(
      results([
        row('nest-passport', 0, { status: 'unsupported', note: 'no EdDSA' }),
        row('rs256-api-health', 30_000),
        row('api-me-rs256', 24_000),
        row('nest-passport-rs256', 12_000),
      ]),
    );
    expect(passport).toMatchObject({ met: false });
    expect(passport.measured).toBe(
      "2.00x (24000 vs 12000 req/s); ceiling: the same api's /health/live is 2.50x passport-jwt's /me",
    );
  });

  it('puts the same-work reference beside the new-token targets when it was measured', () => {
    const targets = evaluateTargets(
      results([
        row('api-me-fresh', 4_000, { cpuUsPerReq: 230 }),
        row('jose-me-fresh', 4_100, { cpuUsPerReq: 200 }),
        row('floor-me-fresh', 4_000, { cpuUsPerReq: 220 }),
      ]),
    );
    const fresh = targets.filter((t) => /new token/.test(t.label));
    expect(fresh).toHaveLength(2);
    for (const t of fresh) {
      expect(t.measured).toContain('same-work reference');
      expect(t.measured).toContain('1.00x req/s, 1.05x CPU (230 vs 220 µs)');
    }
    expect(fresh[1].met).toBe(false); // judged against bare jose, as the target says
    expect(fresh[0].measured).not.toContain('NestJS');
  });

  it('adds the same work in bare NestJS beside the new-token targets when it was measured', () => {
    const targets = evaluateTargets(
      results([
        row('api-me-fresh', 4_000, { cpuUsPerReq: 230 }),
        row('jose-me-fresh', 5_000, { cpuUsPerReq: 200 }),
        row('floor-me-fresh', 4_000, { cpuUsPerReq: 220 }),
        row('nest-floor-me-fresh', 4_500, { cpuUsPerReq: 225 }),
      ]),
    );
    for (const t of targets.filter((t) => /new token/.test(t.label))) {
      expect(t.measured).toContain(
        '; the same work in bare NestJS: 0.90x req/s, 1.13x CPU of bare jose (225 µs)',
      );
    }
  });

  it('puts the MCP same-work reference beside the list_notes ratio when it was measured', () => {
    const targets = evaluateTargets(
      results([
        row('api-notes', 2_000, { cpuUsPerReq: 400 }),
        row('mcp-list-notes', 1_000, { cpuUsPerReq: 800 }),
        row('floor-notes', 4_000, { cpuUsPerReq: 250 }),
        row('floor-mcp-list-notes', 2_000, { cpuUsPerReq: 500 }),
      ]),
    );
    const mcp = targets.find((t) => /list_notes/.test(t.label))!;
    expect(mcp.met).toBe(false);
    expect(mcp.measured).toBe(
      "2.00x (800 vs 400 µs); the same-work reference (bare Fastify + the MCP SDK + the kit's NotesService): 2.00x (500 vs 250 µs)",
    );
  });

  it("puts Better Auth's same-work reference beside the token-route targets when it was measured", () => {
    const targets = evaluateTargets(
      results([
        row('auth-token', 500, { cpuUsPerReq: 2_100 }),
        row('auth-oauth-refresh', 200, { cpuUsPerReq: 4_800 }),
        row('floor-auth-token', 900, { cpuUsPerReq: 1_300 }),
        row('floor-auth-refresh', 0, { status: 'failed', cpuUsPerReq: 3_000 }),
      ]),
    );
    const token = targets.find((t) => /api\/auth\/token/.test(t.label))!;
    const refresh = targets.find((t) => /refresh_token grant/.test(t.label))!;
    expect(token).toMatchObject({
      met: false,
      measured:
        "2100 µs; the same-work reference (bare Fastify + Better Auth's JWT and OAuth provider plugins): 1300 µs",
    });
    // a reference run that failed is not quoted
    expect(refresh).toMatchObject({ met: false, measured: '4800 µs' });
  });

  it('reports a target it could not measure as n/a, not as met', () => {
    const targets = evaluateTargets({ ...results([]), stormProbe: null, startup: [] });
    expect(targets.every((t) => t.met === null)).toBe(true);
  });

  it('writes a well-formed SVG chart with escaped labels, and markdown embedding it', () => {
    const r = results([row('api-health', 10_000), row('api-me', 9_000)]);
    r.targets = evaluateTargets(r);
    const svg = chartSvg(r);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('label &lt;api-me&gt; &amp; co');
    expect(svg).not.toContain('<api-me>');
    expect(svg.match(/<rect /g)).toHaveLength(1 + 2 + 6); // background, two runs, 3 apps x 2 charts
    const md = markdown(r, '../bench/results/chart.svg', '## Notes\n\nprose');
    expect(md).toContain('![chart](../bench/results/chart.svg)');
    expect(md).toContain('| Guarded /me vs the same app');
    expect(md.trim().endsWith('prose')).toBe(true);
  });

  it('attributes profile frames to packages and kit parts', () => {
    expect(ownerOf('file:///w/node_modules/@nestjs/core/router/x.js', 'f')).toBe('@nestjs/core');
    expect(ownerOf('file:///w/node_modules/jose/dist/x.js', 'f')).toBe('jose');
    expect(ownerOf('file:///w/dist/libs/jwt-guard/src/token.verifier.js', 'f')).toBe(
      'kit libs/jwt-guard',
    );
    expect(ownerOf('node:internal/url', 'f')).toBe('node internals');
    expect(ownerOf('', '(garbage collector)')).toBe('(garbage collector)');
  });
});
