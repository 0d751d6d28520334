/**
 * A load generator in a process of its own (forked by load.client.ts), so the server under test
 * keeps its core. Protocol: `start` → warm-up → `warm` → wait for `go` → measured run → `result`.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { percentile } from '../report/stats.js';
import type {
  CannonSpec,
  Credentials,
  DriverMessage,
  FreshTokens,
  LoadResult,
  LoadSpec,
  ProbeSpec,
  WorkerMessage,
} from './load.types.js';

function send(message: WorkerMessage): void {
  process.send?.(message);
}

function waitFor(type: DriverMessage['type']): Promise<DriverMessage> {
  return new Promise((resolve) => {
    const listener = (message: DriverMessage) => {
      if (message.type !== type) return;
      process.off('message', listener);
      resolve(message);
    };
    process.on('message', listener);
  });
}

/** Signs compact EdDSA JWTs synchronously (autocannon's request hook cannot wait), each unique. */
function tokenMinter(fresh: FreshTokens): () => string {
  const key = createPrivateKey(fresh.privateKeyPem);
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = b64({ alg: 'EdDSA', kid: fresh.kid });
  const prefix = `${process.pid}-${Date.now()}-`;
  let n = 0;
  return () => {
    const iat = Math.floor(Date.now() / 1000);
    const payload = b64({
      iss: fresh.issuer,
      aud: fresh.audience,
      sub: fresh.subject,
      scope: 'notes:read',
      iat,
      exp: iat + 900,
      jti: `${prefix}${n++}`,
    });
    const input = `${header}.${payload}`;
    return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
  };
}

type Phase = 'warmup' | 'measured';
type Request = NonNullable<Parameters<typeof autocannon>[0]['requests']>[number];

/** What a credential source adds to autocannon's options for one phase of the load. */
interface Feed {
  request: Omit<Request, 'path'>;
  /** A fixed number of requests instead of a duration. */
  amount?: number;
}

/**
 * The request hooks of a credential source. State lives here, across the warm-up and the
 * measured window (autocannon resets its per-connection context after every request).
 */
function credentialFeed(credentials: Credentials): (phase: Phase) => Feed {
  switch (credentials.kind) {
    case 'random-bearer': {
      const { tokens } = credentials;
      const request: Feed['request'] = {
        setupRequest: (req) => ({
          ...req,
          headers: {
            ...req.headers,
            authorization: `Bearer ${tokens[Math.floor(Math.random() * tokens.length)]}`,
          },
        }),
      };
      return () => ({ request });
    }
    case 'once': {
      let next = 0;
      const { bodies, warmup } = credentials;
      const request: Feed['request'] = {
        // past the end (cannot happen with `amount`), an empty body is refused and counted
        setupRequest: (req) => ({ ...req, body: bodies[next++] ?? '' }),
      };
      return (phase) => ({
        request,
        amount: phase === 'warmup' ? warmup : bodies.length - warmup,
      });
    }
    case 'refresh-chain': {
      // at most one request in flight per connection: the pool never runs dry while answers come
      const pool = [...credentials.tokens];
      const request: Feed['request'] = {
        setupRequest: (req) => ({
          ...req,
          body: new URLSearchParams({
            ...credentials.form,
            grant_type: 'refresh_token',
            refresh_token: pool.shift() ?? '',
          }).toString(),
        }),
        onResponse: (status, body) => {
          if (status !== 200) return;
          const next = (JSON.parse(body) as { refresh_token?: string }).refresh_token;
          if (next) pool.push(next);
        },
      };
      return () => ({ request });
    }
  }
}

let feedOf: ((phase: Phase) => Feed) | undefined;

async function cannon(spec: CannonSpec, phase: Phase): Promise<LoadResult> {
  const mint = spec.freshTokens && tokenMinter(spec.freshTokens);
  if (spec.credentials) feedOf ??= credentialFeed(spec.credentials);
  const feed = feedOf?.(phase);
  const url = new URL(spec.url);
  const path = `${url.pathname}${url.search}`;
  const durationS = phase === 'warmup' ? spec.warmupS : spec.durationS;
  const result = await autocannon({
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    body: spec.body,
    connections: feed?.amount ? Math.min(spec.connections, feed.amount) : spec.connections,
    ...(feed?.amount ? { amount: feed.amount } : { duration: durationS }),
    timeout: 10,
    requests: mint
      ? [
          {
            path,
            setupRequest: (req) => ({
              ...req,
              headers: { ...req.headers, authorization: `Bearer ${mint()}` },
            }),
          },
        ]
      : feed
        ? [{ path, ...feed.request }]
        : undefined,
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count]),
  );
  const ok = spec.okStatus ? (statusCodes[spec.okStatus] ?? 0) : result['2xx'];
  return {
    url: spec.url,
    durationS: result.duration,
    requests: Object.values(statusCodes).reduce((a, b) => a + b, 0),
    ok,
    reqPerSec: result.duration > 0 ? ok / result.duration : 0,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

function timedGet(agent: Agent, url: URL): Promise<{ status: number; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(url, { agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end();
  });
}

async function probe(spec: ProbeSpec, durationS: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(spec.url);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const end = started + durationS * 1000;
  let next = started;
  while (performance.now() < end) {
    const { status, ms } = await timedGet(agent, url);
    if (status === 0) errors++;
    else statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    if (status >= 200 && status < 300) latencies.push(ms);
    next += spec.intervalMs;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else next = performance.now(); // a slow answer does not cause a burst of catch-up requests
  }
  agent.destroy();
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    url: spec.url,
    durationS: round(elapsedS),
    requests: latencies.length + errors,
    ok: latencies.length,
    reqPerSec: latencies.length / elapsedS,
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? 0),
      mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
    },
    statusCodes,
    errors,
    timeouts: 0,
  };
}

function drive(spec: LoadSpec, phase: Phase): Promise<LoadResult> {
  if (spec.kind === 'cannon') return cannon(spec, phase);
  return probe(spec, phase === 'warmup' ? spec.warmupS : spec.durationS);
}

async function main(): Promise<void> {
  const start = await waitFor('start');
  if (start.type !== 'start') return;
  const { spec } = start;
  const credentials = spec.kind === 'cannon' ? spec.credentials : undefined;
  const warmup = credentials?.kind === 'once' ? credentials.warmup > 0 : spec.warmupS > 0;
  if (warmup) await drive(spec, 'warmup');
  send({ type: 'warm' });
  await waitFor('go');
  send({ type: 'result', result: await drive(spec, 'measured') });
}

main().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.disconnect?.();
  },
);
