import type { BenchResults, ThroughputRow } from '../report/results.types.js';
import { signInRequest } from './auth.client.js';
import type { BenchContext } from './bench.context.js';
import { checkOpen } from './guard.check.js';
import { measureOnce, measureTargets, toRow, type Target } from './measure.js';

/**
 * Run 4, the auth server: JWKS and `GET /api/auth/token` throughput, then a sign-in storm (scrypt
 * on every request) with a light probe of `/health/live` alongside: if hashing blocked the event
 * loop, the probe's p99 would show it.
 */
export async function authSection(
  ctx: BenchContext,
): Promise<{ rows: ThroughputRow[]; probe: BenchResults['stormProbe'] }> {
  if (!ctx.auth) throw new Error('the auth section needs the real auth server');
  const { app, user } = ctx.auth;
  ctx.log('auth server runs');
  const targets: Target[] = [
    {
      id: 'auth-jwks',
      section: 'auth',
      label: 'auth GET /api/auth/jwks',
      request: { url: `${app.url}/api/auth/jwks` },
      cpuMs: app.cpuMs,
      check: () => checkOpen(`${app.url}/api/auth/jwks`),
    },
    {
      id: 'auth-token',
      section: 'auth',
      label: 'auth GET /api/auth/token (session cookie → signed JWT)',
      request: { url: `${app.url}/api/auth/token`, headers: { cookie: user.cookie } },
      cpuMs: app.cpuMs,
    },
  ];
  const rows = await measureTargets(targets, { ...ctx.settings, rounds: 1 }, ctx.log);

  const signIn: Target = {
    id: 'auth-sign-in',
    section: 'auth',
    label: 'auth POST /api/auth/sign-in/email (scrypt), during the storm',
    request: signInRequest(app.url, user),
    cpuMs: app.cpuMs,
  };
  const counted = { keyFetches: 0, cpuMs: 0 };
  const stormS = ctx.settings.stormS;
  const [storm, probe] = await measureOnce(
    signIn,
    [
      {
        kind: 'cannon',
        ...signIn.request,
        connections: ctx.settings.signInConnections,
        durationS: stormS,
        warmupS: ctx.settings.warmupS,
      },
      {
        kind: 'probe',
        url: `${app.url}/health/live`,
        intervalMs: ctx.settings.probeIntervalMs,
        durationS: stormS,
        warmupS: ctx.settings.warmupS,
      },
    ],
    counted,
  );
  ctx.log(
    `  sign-in storm: ${Math.round(storm.reqPerSec)} sign-ins/s, p99 ${storm.latencyMs.p99} ms; /health/live p99 ${probe.latencyMs.p99} ms over ${probe.ok} probes`,
  );
  rows.push(toRow(signIn, [storm], counted));
  const probeOk = probe.ok > 0 && probe.ok === probe.requests;
  if (!probeOk)
    ctx.failures.push(`/health/live probe: ${probe.ok} of ${probe.requests} answered 200`);
  ctx.rssWarmMiB.auth = await app.settledRssMiB();
  return {
    rows,
    probe: {
      p50Ms: probe.latencyMs.p50,
      p99Ms: probe.latencyMs.p99,
      maxMs: probe.latencyMs.max,
      samples: probe.ok,
    },
  };
}
