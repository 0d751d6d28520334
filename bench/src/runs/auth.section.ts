import type { BenchResults, ThroughputRow } from '../report/results.types.js';
import { signInRequest } from './auth.client.js';
import type { BenchContext } from './bench.context.js';
import { checkOpen } from './guard.check.js';
import { measureOnce, measureTargets, toRow, type Target } from './measure.js';
import {
  authorizationCode,
  codeGrantBody,
  inBatches,
  refreshForm,
  refreshTokenOf,
  registerClient,
  tokenEndpoint,
} from './oauth.client.js';

/** The strong ETag `url` answers with, if any. */
async function etagOf(url: string): Promise<string | undefined> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.headers.get('etag') ?? undefined;
}

/**
 * The OAuth token endpoint's two grants, each request with a credential no request used before:
 * `authorization_code` with codes got beforehand (a fixed number of requests), `refresh_token`
 * with rotating refresh tokens (each answer's new one is used next). JWT access tokens for the
 * MCP resource, as MCP clients get them.
 */
async function oauthTargets(ctx: BenchContext): Promise<Target[]> {
  const { app, user } = ctx.auth!;
  const client = await registerClient(app.url, `${ctx.deployment.mcpUrl}/mcp`);
  const { connections, oauthCodes } = ctx.settings;
  // per round: its own codes, and refresh tokens to start its chains (a warm-up cut short may
  // leave a chain's last token rotated but unseen, so twice the connections)
  const chains = 2 * connections;
  const { rounds } = ctx.settings;
  const refreshTokens = await inBatches(chains * rounds, 4, async () =>
    refreshTokenOf(client, await authorizationCode(client, user)),
  );
  const codes = await inBatches(oauthCodes * rounds, 4, () => authorizationCode(client, user));
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const slice = <T>(all: T[], size: number, round: number) =>
    all.slice((round - 1) * size, round * size);
  return [
    {
      id: 'auth-oauth-code',
      section: 'auth',
      label: 'auth POST /api/auth/oauth2/token authorization_code (JWT access + refresh token)',
      request: { url: tokenEndpoint(app.url), method: 'POST', headers: form },
      credentials: (round) => ({
        kind: 'once',
        bodies: slice(codes, oauthCodes, round).map((code) => codeGrantBody(client, code)),
        warmup: Math.floor(oauthCodes / 4),
      }),
      cpuMs: app.cpuMs,
    },
    {
      id: 'auth-oauth-refresh',
      section: 'auth',
      label: 'auth POST /api/auth/oauth2/token refresh_token (rotating, JWT access token)',
      request: { url: tokenEndpoint(app.url), method: 'POST', headers: form },
      credentials: (round) => ({
        kind: 'refresh-chain',
        tokens: slice(refreshTokens, chains, round),
        form: refreshForm(client),
      }),
      cpuMs: app.cpuMs,
    },
  ];
}

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
  const open = (id: string, path: string, label: string): Target => ({
    id,
    section: 'auth',
    label,
    request: { url: `${app.url}${path}` },
    cpuMs: app.cpuMs,
    check: () => checkOpen(`${app.url}${path}`),
  });
  const jwksEtag = await etagOf(`${app.url}/.well-known/jwks.json`);
  const oauth = await oauthTargets(ctx);
  const targets: Target[] = [
    open('auth-health', '/health/live', 'auth GET /health/live (public)'),
    open('auth-jwks', '/api/auth/jwks', 'auth GET /api/auth/jwks'),
    open('auth-jwks-wk', '/.well-known/jwks.json', 'auth GET /.well-known/jwks.json'),
    {
      id: 'auth-jwks-304',
      section: 'auth',
      label: 'auth GET /.well-known/jwks.json with If-None-Match (304)',
      request: {
        url: `${app.url}/.well-known/jwks.json`,
        headers: { 'if-none-match': jwksEtag ?? '"none"' },
        okStatus: 304,
      },
      cpuMs: app.cpuMs,
      check: () => Promise.resolve(jwksEtag ? undefined : 'no ETag on /.well-known/jwks.json'),
    },
    open(
      'auth-as-metadata',
      '/.well-known/oauth-authorization-server',
      'auth GET /.well-known/oauth-authorization-server',
    ),
    open(
      'auth-openid-config',
      '/.well-known/openid-configuration',
      'auth GET /.well-known/openid-configuration',
    ),
    {
      id: 'auth-token',
      section: 'auth',
      label: 'auth GET /api/auth/token (session cookie → signed JWT)',
      request: { url: `${app.url}/api/auth/token`, headers: { cookie: user.cookie } },
      cpuMs: app.cpuMs,
    },
    ...oauth,
  ];
  const rows = await measureTargets(targets, ctx.settings, ctx.log);

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
