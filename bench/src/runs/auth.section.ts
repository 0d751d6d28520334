import type { AppProcess } from '../procs/app.process.js';
import { PEERS, startPeer } from '../procs/stack.js';
import type { BenchResults, ThroughputRow } from '../report/results.types.js';
import { getJwt, signInRequest, signUp, type BenchUser } from './auth.client.js';
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

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Rows of `all` for one round, `size` per round. */
const slice = <T>(all: T[], size: number, round: number) =>
  all.slice((round - 1) * size, round * size);

/**
 * The `refresh_token` grant with rotating refresh tokens (each answer's new one is used next), for
 * a client registered on `target.server`; JWT access tokens for `resource`, as MCP clients get them.
 */
async function refreshTarget(
  ctx: BenchContext,
  target: { id: string; label: string; server: AppProcess },
  user: BenchUser,
  resource: string,
): Promise<Target> {
  const { server } = target;
  const client = await registerClient(server.url, resource);
  // per round: a warm-up cut short may leave a chain's last token rotated but unseen, so twice
  // the connections
  const chains = 2 * ctx.settings.connections;
  const tokens = await inBatches(chains * ctx.settings.rounds, 4, async () =>
    refreshTokenOf(client, await authorizationCode(client, user)),
  );
  return {
    id: target.id,
    section: 'auth',
    label: target.label,
    request: { url: tokenEndpoint(server.url), method: 'POST', headers: FORM },
    credentials: (round) => ({
      kind: 'refresh-chain',
      tokens: slice(tokens, chains, round),
      form: refreshForm(client),
    }),
    cpuMs: server.cpuMs,
  };
}

/**
 * The OAuth token endpoint's two grants, each request with a credential no request used before:
 * `authorization_code` with codes got beforehand (a fixed number of requests), `refresh_token`
 * with rotating refresh tokens. JWT access tokens for the MCP resource, as MCP clients get them.
 */
async function oauthTargets(ctx: BenchContext): Promise<Target[]> {
  const { app, user } = ctx.auth!;
  const resource = `${ctx.deployment.mcpUrl}/mcp`;
  const client = await registerClient(app.url, resource);
  const { oauthCodes, rounds } = ctx.settings;
  const codes = await inBatches(oauthCodes * rounds, 4, () => authorizationCode(client, user));
  const refresh = await refreshTarget(
    ctx,
    {
      id: 'auth-oauth-refresh',
      label: 'auth POST /api/auth/oauth2/token refresh_token (rotating, JWT access token)',
      server: app,
    },
    user,
    resource,
  );
  return [
    {
      id: 'auth-oauth-code',
      section: 'auth',
      label: 'auth POST /api/auth/oauth2/token authorization_code (JWT access + refresh token)',
      request: { url: tokenEndpoint(app.url), method: 'POST', headers: FORM },
      credentials: (round) => ({
        kind: 'once',
        bodies: slice(codes, oauthCodes, round).map((code) => codeGrantBody(client, code)),
        warmup: Math.floor(oauthCodes / 4),
      }),
      cpuMs: app.cpuMs,
    },
    refresh,
  ];
}

/**
 * The same-work reference of the token routes (bench/peers/better-auth-floor: Better Auth alone
 * on bare Fastify, on the kit's database): its `/health/live`, `GET /api/auth/token` and refresh
 * grant, for a user and a client of its own, measured in the same rounds as the kit's.
 */
async function referenceTargets(
  ctx: BenchContext,
): Promise<{ floor: AppProcess; targets: Target[] }> {
  const d = ctx.deployment;
  const resource = `${d.mcpUrl}/mcp`;
  const floor = await startPeer(
    'better-auth-floor',
    null,
    { databaseUrl: d.databaseUrl, secret: d.env.BETTER_AUTH_SECRET, resource },
    'kit',
  );
  ctx.running.push(floor);
  const user = await signUp(floor.url);
  await getJwt(floor.url, user); // throws unless the reference mints tokens
  const name = PEERS['better-auth-floor'];
  const refresh = await refreshTarget(
    ctx,
    {
      id: 'floor-auth-refresh',
      label: `${name}: POST /api/auth/oauth2/token refresh_token`,
      server: floor,
    },
    user,
    resource,
  );
  const targets: Target[] = [
    {
      id: 'floor-auth-health',
      section: 'auth',
      label: `${name}: GET /health/live`,
      request: { url: `${floor.url}/health/live` },
      cpuMs: floor.cpuMs,
      check: () => checkOpen(`${floor.url}/health/live`),
    },
    {
      id: 'floor-auth-token',
      section: 'auth',
      label: `${name}: GET /api/auth/token`,
      request: { url: `${floor.url}/api/auth/token`, headers: { cookie: user.cookie } },
      cpuMs: floor.cpuMs,
    },
    refresh,
  ];
  return { floor, targets };
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
  const reference = await referenceTargets(ctx);
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
    ...reference.targets,
  ];
  const rows = await measureTargets(targets, ctx.settings, ctx.log);
  ctx.memoryReferences.push({
    label: `${PEERS['better-auth-floor']}, after its token and refresh loads`,
    rssWarmMiB: await reference.floor.settledRssMiB(),
    apps: ['auth'],
  });
  await ctx.stopAll();

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
