import { mcpInitialize } from '../../../test/support/mcp.js';
import type { AppProcess } from '../procs/app.process.js';
import { startKitApp, startPeer, PEERS, type PeerName } from '../procs/stack.js';
import type { ThroughputRow } from '../report/results.types.js';
import type { BenchContext } from './bench.context.js';
import {
  checkGuard,
  checkListNotes,
  checkSameAnswer,
  checkWithToken,
  seedNotes,
  subOf,
} from './guard.check.js';
import { healthTarget, measureTargets, type Target } from './measure.js';

const JSONWEBTOKEN_EDDSA =
  'passport-jwt verifies with jsonwebtoken 9, which rejects Ed25519 keys ("Unknown key type ed25519"); see the RS256 rows';

/** `GET /me` on `server` with `token`, checked to really guard before it is loaded. */
function meTarget(
  target: Pick<Target, 'id' | 'section' | 'label' | 'keyHits' | 'unsupportedNote'>,
  server: AppProcess,
  token: string,
): Target {
  return {
    ...target,
    request: { url: `${server.url}/me`, headers: { authorization: `Bearer ${token}` } },
    cpuMs: server.cpuMs,
    check: () => checkGuard(`${server.url}/me`, token, subOf(token)),
  };
}

const COMPARED = ['nest-passport', 'express-oauth2', 'fastify-jose'] as const;

async function startPeers(
  ctx: BenchContext,
  verify: Parameters<typeof startPeer>[1],
  names: readonly PeerName[],
): Promise<Map<PeerName, AppProcess>> {
  const peers = new Map<PeerName, AppProcess>();
  for (const peer of names) {
    const app = await startPeer(peer, verify);
    ctx.running.push(app);
    peers.set(peer, app);
  }
  return peers;
}

/**
 * Runs 1-3 with EdDSA: the kit's api `/me` against its own `/health/live`, the same route in the
 * peers with the same token and key endpoint, and key fetches during each measured window.
 * Also the MCP endpoint (guarded the same way), which warms apps/mcp for its memory reading.
 */
export async function guardSection(ctx: BenchContext): Promise<ThroughputRow[]> {
  const { deployment: d, eddsa } = ctx;
  ctx.log(`guard runs (EdDSA, keys from ${eddsa.description})`);
  const api = await startKitApp('api', d, { env: eddsa.env });
  ctx.running.push(api);
  const mcp = await startKitApp('mcp', d, { env: eddsa.env });
  ctx.running.push(mcp);
  const token = await eddsa.token(d.apiUrl);
  const mcpToken = await eddsa.token(d.mcpUrl);
  const peers = await startPeers(
    ctx,
    { jwksUri: eddsa.jwksUri, issuer: eddsa.issuer, audience: d.apiUrl, algorithms: ['EdDSA'] },
    [...COMPARED, 'fastify-floor'],
  );
  const floor = peers.get('fastify-floor')!;
  // the same page of notes through the MCP SDK and through a plain route, in one bare process
  // with the kit's runtime settings: also the same-work reference of the apps' memory
  const mcpFloor = await startPeer(
    'mcp-floor',
    { jwksUri: eddsa.jwksUri, issuer: eddsa.issuer, audience: d.apiUrl, algorithms: ['EdDSA'] },
    { audiences: [d.apiUrl, d.mcpUrl, `${d.mcpUrl}/mcp`], databaseUrl: d.databaseUrl },
    'kit',
  );
  ctx.running.push(mcpFloor);
  const keyHits = eddsa.hits;
  await seedNotes(api.url, token, 10);
  const notesUrl = `${api.url}/notes?limit=10`;
  const mcpListNotes = {
    url: `${mcp.url}/mcp`,
    method: 'POST' as const,
    headers: {
      authorization: `Bearer ${mcpToken}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'list_notes', arguments: { limit: 10 } },
    }),
  };
  const targets: Target[] = [
    healthTarget('api-health', 'kit api GET /health/live (public)', api),
    meTarget(
      { id: 'api-me', section: 'guard', label: 'kit api GET /me (jwt-guard, EdDSA)', keyHits },
      api,
      token,
    ),
    {
      id: 'api-notes',
      section: 'guard',
      label: 'kit api GET /notes (jwt-guard + Prisma on the database, 10 notes)',
      request: { url: notesUrl, headers: { authorization: `Bearer ${token}` } },
      cpuMs: api.cpuMs,
      keyHits,
      check: () => checkWithToken(notesUrl, token),
    },
    ...COMPARED.map((peer) =>
      meTarget(
        {
          id: peer,
          section: 'guard',
          label: `${PEERS[peer]} (EdDSA)`,
          keyHits,
          unsupportedNote: peer === 'nest-passport' ? JSONWEBTOKEN_EDDSA : undefined,
        },
        peers.get(peer)!,
        token,
      ),
    ),
    healthTarget('floor-health', 'reference: bare Fastify GET /health/live', floor),
    {
      ...meTarget(
        { id: 'floor-me', section: 'guard', label: PEERS['fastify-floor'] },
        floor,
        token,
      ),
      check: () => checkSameAnswer(`${floor.url}/me`, `${api.url}/me`, token),
    },
    {
      id: 'mcp-list-notes',
      section: 'guard',
      label: 'kit mcp POST /mcp tools/call list_notes (the same 10 notes)',
      request: mcpListNotes,
      cpuMs: mcp.cpuMs,
      keyHits,
      check: () => checkListNotes(mcpListNotes, 10),
    },
    {
      id: 'floor-notes',
      section: 'guard',
      label: `${PEERS['mcp-floor']}, GET /notes (10 notes)`,
      request: {
        url: `${mcpFloor.url}/notes?limit=10`,
        headers: { authorization: `Bearer ${token}` },
      },
      cpuMs: mcpFloor.cpuMs,
      check: () => checkWithToken(`${mcpFloor.url}/notes?limit=10`, token),
    },
    {
      id: 'floor-mcp-list-notes',
      section: 'guard',
      label: `${PEERS['mcp-floor']}, tools/call list_notes`,
      request: { ...mcpListNotes, url: `${mcpFloor.url}/mcp` },
      cpuMs: mcpFloor.cpuMs,
      check: () => checkListNotes({ ...mcpListNotes, url: `${mcpFloor.url}/mcp` }, 10),
    },
    {
      id: 'mcp-initialize',
      section: 'guard',
      label: 'kit mcp POST /mcp initialize (jwt-guard, EdDSA)',
      request: {
        url: `${mcp.url}/mcp`,
        method: 'POST',
        headers: {
          authorization: `Bearer ${mcpToken}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify(mcpInitialize({ name: 'bench', version: '1.0.0' })),
      },
      cpuMs: mcp.cpuMs,
      keyHits,
    },
  ];
  const rows = await measureTargets(targets, ctx.settings, ctx.log);
  // both apps have now served tens of thousands of requests: "warm"
  ctx.rssWarmMiB.api = await api.settledRssMiB();
  ctx.rssWarmMiB.mcp = await mcp.settledRssMiB();
  ctx.memoryReferences.push({
    label: `${PEERS['mcp-floor']}, after its GET /notes and list_notes loads`,
    rssWarmMiB: await mcpFloor.settledRssMiB(),
    apps: ['api', 'mcp'],
  });
  await ctx.stopAll();
  return rows;
}

/**
 * The comparison with passport-jwt at an algorithm it supports: RS256 keys from the local key
 * server, the kit's api bound to it with `AUTH_PROVIDER=custom`, and each peer.
 */
export async function rs256Section(ctx: BenchContext): Promise<ThroughputRow[]> {
  const { deployment: d, keyServer, keyProxy } = ctx;
  ctx.log('guard runs (RS256, local key server)');
  const jwksUri = keyProxy.urlOf('/.well-known/jwks.json');
  const api = await startKitApp('api', d, {
    env: {
      AUTH_PROVIDER: 'custom',
      JWKS_URL: jwksUri,
      JWT_ISSUER: keyServer.issuer,
      JWT_ALGORITHMS: 'RS256',
    },
  });
  ctx.running.push(api);
  const token = await keyServer.sign('RS256', d.apiUrl);
  const peers = await startPeers(
    ctx,
    { jwksUri, issuer: keyServer.issuer, audience: d.apiUrl, algorithms: ['RS256'] },
    COMPARED,
  );
  const keyHits = keyProxy.hits;
  const targets: Target[] = [
    // the most any guarded route of this api can do: the ceiling of the passport-jwt ratio
    healthTarget(
      'rs256-api-health',
      'kit api GET /health/live (RS256 section)',
      api,
      'guard-rs256',
    ),
    meTarget(
      {
        id: 'api-me-rs256',
        section: 'guard-rs256',
        label: 'kit api GET /me (jwt-guard, RS256)',
        keyHits,
      },
      api,
      token,
    ),
    ...(['nest-passport', 'fastify-jose', 'express-oauth2'] as const).map((peer) =>
      meTarget(
        { id: `${peer}-rs256`, section: 'guard-rs256', label: `${PEERS[peer]} (RS256)`, keyHits },
        peers.get(peer)!,
        token,
      ),
    ),
  ];
  const rows = await measureTargets(targets, ctx.settings, ctx.log);
  await ctx.stopAll();
  return rows;
}
