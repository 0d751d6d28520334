import type { AppProcess } from '../procs/app.process.js';
import { PEERS, startKitApp, startPeer } from '../procs/stack.js';
import type { ThroughputRow } from '../report/results.types.js';
import type { BenchContext } from './bench.context.js';
import { checkGuard, checkSameAnswer, subOf } from './guard.check.js';
import { healthTarget, measureTargets, type Target } from './measure.js';

/** Distinct users whose tokens the many-users rows pick from. */
export const USERS = 1000;

/**
 * Sends every token once (a few at a time) and expects 200 with its own `sub`: proves the route
 * tells the users apart, and is the warm-up "that has seen them" (each token verified once).
 */
async function checkEveryToken(url: string, tokens: string[]): Promise<string | undefined> {
  let next = 0;
  let problem: string | undefined;
  const worker = async () => {
    while (!problem && next < tokens.length) {
      const token = tokens[next++];
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json().catch(() => ({}))) as { sub?: string };
      if (res.status !== 200 || body.sub !== subOf(token)) {
        problem = `token of ${subOf(token)} got ${res.status} with sub ${JSON.stringify(body.sub)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return problem;
}

/**
 * `/me` under many users and under new tokens, EdDSA keys from the local key server (signing a
 * thousand users' tokens there costs nothing; the auth server would hash a thousand passwords):
 * the kit's api and the same-work reference, each with 1,000 users' tokens picked at random per
 * request after every token was seen once, against their own `/health/live`; then a token never
 * seen before on every request, in the kit, in the same-work references (bare Fastify, bare
 * NestJS) and in bare Fastify + jose. All in the same interleaved rounds.
 */
export async function usersSection(ctx: BenchContext): Promise<ThroughputRow[]> {
  const { deployment: d, keyServer, keyProxy } = ctx;
  ctx.log(`guard runs with ${USERS} users and with new tokens (EdDSA, local key server)`);
  const jwksUri = keyProxy.urlOf('/.well-known/jwks.json');
  const verify = { jwksUri, issuer: keyServer.issuer, audience: d.apiUrl, algorithms: ['EdDSA'] };
  const api = await startKitApp('api', d, {
    env: {
      AUTH_PROVIDER: 'custom',
      JWKS_URL: jwksUri,
      JWT_ISSUER: keyServer.issuer,
      JWT_ALGORITHMS: 'EdDSA',
    },
  });
  ctx.running.push(api);
  const floor = await startPeer('fastify-floor', { ...verify, provider: 'custom' });
  ctx.running.push(floor);
  const jose = await startPeer('fastify-jose', verify);
  ctx.running.push(jose);
  const nest = await startPeer('nest-floor', { ...verify, provider: 'custom' });
  ctx.running.push(nest);

  const tokens = await Promise.all(
    Array.from({ length: USERS }, (_, i) =>
      keyServer.sign('EdDSA', d.apiUrl, `bench-user-${i}`, {
        email: `bench-${i}@example.com`,
        email_verified: true,
        name: `Bench User ${i}`,
        scope: 'notes:read',
      }),
    ),
  );
  const keyHits = keyProxy.hits;
  const many = (server: AppProcess): Target['request'] => ({ url: `${server.url}/me` });
  const freshTokens = {
    ...(await keyServer.eddsaSigningKey()),
    issuer: keyServer.issuer,
    audience: d.apiUrl,
    subject: 'bench-user',
  };
  const targets: Target[] = [
    healthTarget('users-api-health', 'kit api GET /health/live (public)', api, 'guard-users'),
    {
      id: 'api-me-users',
      section: 'guard-users',
      label: `kit api GET /me, ${USERS.toLocaleString('en-US')} users' tokens at random`,
      request: many(api),
      credentials: { kind: 'random-bearer', tokens },
      cpuMs: api.cpuMs,
      keyHits,
      check: async () =>
        (await checkGuard(`${api.url}/me`, tokens[0], subOf(tokens[0]))) ??
        (await checkEveryToken(`${api.url}/me`, tokens)),
    },
    healthTarget(
      'users-floor-health',
      'reference: bare Fastify GET /health/live',
      floor,
      'guard-users',
    ),
    {
      id: 'floor-me-users',
      section: 'guard-users',
      label: `${PEERS['fastify-floor']}, ${USERS.toLocaleString('en-US')} users`,
      request: many(floor),
      credentials: { kind: 'random-bearer', tokens },
      cpuMs: floor.cpuMs,
      check: async () =>
        (await checkSameAnswer(`${floor.url}/me`, `${api.url}/me`, tokens[1])) ??
        (await checkEveryToken(`${floor.url}/me`, tokens)),
    },
    {
      id: 'api-me-fresh',
      section: 'guard-users',
      label: 'kit api GET /me, a new token on every request (full verification)',
      request: { url: `${api.url}/me` },
      freshTokens,
      cpuMs: api.cpuMs,
      keyHits,
    },
    {
      // the same work as the kit for a new token: jose, the SHA-256-keyed insert, the same body
      id: 'floor-me-fresh',
      section: 'guard-users',
      label: 'reference: bare Fastify GET /me (same work), a new token on every request',
      request: { url: `${floor.url}/me` },
      freshTokens,
      cpuMs: floor.cpuMs,
    },
    {
      // the same again inside NestJS: the framework's share of a new token's cost
      id: 'nest-floor-me-fresh',
      section: 'guard-users',
      label: `${PEERS['nest-floor']}, a new token on every request`,
      request: { url: `${nest.url}/me` },
      freshTokens,
      cpuMs: nest.cpuMs,
      check: () => checkSameAnswer(`${nest.url}/me`, `${api.url}/me`, tokens[3]),
    },
    {
      id: 'jose-me-fresh',
      section: 'guard-users',
      label: `${PEERS['fastify-jose']}, a new token on every request`,
      request: { url: `${jose.url}/me` },
      freshTokens,
      cpuMs: jose.cpuMs,
      check: () => checkGuard(`${jose.url}/me`, tokens[2], subOf(tokens[2])),
    },
  ];
  const rows = await measureTargets(targets, ctx.settings, ctx.log);
  await ctx.stopAll();
  return rows;
}
