/**
 * Soak: mixed traffic against the three built apps, each in a child process of
 * its own, for SOAK_SECONDS (20 s in `npm test`; `npm run test:soak` runs 180 s): sign-ups, tokens,
 * api calls (`/me`, create and list notes) and MCP calls (`initialize`, `tools/call list_notes`).
 * Zero unexpected answers are allowed, and each process's heap after a full GC may not grow beyond a
 * generous bound once warmed up (a leak check, not a timing check). Resident memory is reported too:
 * it also holds allocator noise (scrypt takes 32 MiB per hash), so it is not what is asserted.
 * Figures go to docs/security.md.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort } from '../support/ports.js';
import { MCP_INITIALIZE } from '../security/support/http-probe.js';
import { writeResults } from '../security/support/results.js';
import {
  ensureBuilt,
  spawnApp,
  waitForHttp,
  type AppName,
  type SpawnedApp,
} from '../faults/support/built-app.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);
const WORKERS = Number(process.env.SOAK_WORKERS ?? 4);
/** Allowed growth of the post-GC heap between the end of warm-up and the end of the run. */
const MAX_GROWTH_MIB = 50;
const HEAP_PROBE = resolve('test/soak/support/heap-probe.js');
const NODE_ARGS = ['--expose-gc', `--import=${pathToFileURL(HEAP_PROBE).href}`];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]) / 1024;
}

const APPS = ['auth', 'api', 'mcp'] as const;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe(`soak: ${SECONDS} s of mixed traffic on the built apps`, () => {
  let db: TestDatabase;
  let dataDir: string;
  const procs = {} as Record<AppName, SpawnedApp>;
  const urls = {} as Record<AppName, string>;

  beforeAll(async () => {
    ensureBuilt();
    db = await startTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'soak-auth-'));
    const ports = { auth: await freePort(), api: await freePort(), mcp: await freePort() };
    for (const app of ['auth', 'api', 'mcp'] as const) urls[app] = `http://127.0.0.1:${ports[app]}`;
    const common = {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      AUTH_URL: urls.auth,
    };
    procs.auth = spawnApp(
      'auth',
      {
        ...common,
        AUTH_PORT: String(ports.auth),
        DATA_DIR: dataDir,
        AUTH_RATE_LIMIT: 'false', // one client address sends everything here
        TOKEN_AUDIENCE: `${urls.api},${urls.mcp}`,
      },
      undefined,
      NODE_ARGS,
    );
    procs.api = spawnApp(
      'api',
      { ...common, API_PORT: String(ports.api), API_URL: urls.api },
      undefined,
      NODE_ARGS,
    );
    procs.mcp = spawnApp(
      'mcp',
      { ...common, MCP_PORT: String(ports.mcp), MCP_URL: urls.mcp },
      undefined,
      NODE_ARGS,
    );
    await Promise.all(
      (['auth', 'api', 'mcp'] as const).map((app) =>
        waitForHttp(`${urls[app]}/health/live`, procs[app]),
      ),
    );
  }, 240_000);

  afterAll(async () => {
    for (const proc of Object.values(procs)) proc?.child.kill('SIGTERM');
    await Promise.all(Object.values(procs).map((proc) => proc?.exited));
    await db?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'answers every request as expected, and memory stops growing after warm-up',
    async () => {
      const counts: Record<string, number> = {};
      const unexpected: string[] = [];
      const count = (what: string, status: number, expected: number) => {
        counts[what] = (counts[what] ?? 0) + 1;
        if (status !== expected && unexpected.length < 50) unexpected.push(`${what} → ${status}`);
      };
      const json = { 'content-type': 'application/json' };

      const signUp = async () => {
        const res = await fetch(`${urls.auth}/api/auth/sign-up/email`, {
          method: 'POST',
          headers: { ...json, origin: urls.auth },
          body: JSON.stringify({
            email: `soak-${randomUUID()}@example.com`,
            password: 'correct horse battery staple',
            name: 'Soak',
          }),
        });
        await res.arrayBuffer();
        count('sign-up', res.status, 200);
        return res.headers.get('set-auth-token');
      };
      const token = async (session: string) => {
        const res = await fetch(`${urls.auth}/api/auth/token`, {
          headers: { authorization: `Bearer ${session}` },
        });
        const body = (await res.json()) as { token?: string };
        count('token', res.status, 200);
        return body.token;
      };

      const stopAt = Date.now() + SECONDS * 1000;
      const worker = async () => {
        let session: string | null = null;
        for (let i = 0; Date.now() < stopAt; i++) {
          if (!session || i % 10 === 0) session = await signUp();
          if (!session) continue;
          const jwt = await token(session);
          if (!jwt) continue;
          const auth = { authorization: `Bearer ${jwt}` };
          const me = await fetch(`${urls.api}/me`, { headers: auth });
          await me.arrayBuffer();
          count('api GET /me', me.status, 200);
          const created = await fetch(`${urls.api}/notes`, {
            method: 'POST',
            headers: { ...auth, ...json },
            body: JSON.stringify({ title: `soak ${i}`, body: 'x'.repeat(200) }),
          });
          await created.arrayBuffer();
          count('api POST /notes', created.status, 201);
          const listed = await fetch(`${urls.api}/notes?limit=20`, { headers: auth });
          await listed.arrayBuffer();
          count('api GET /notes', listed.status, 200);
          const mcpHeaders = { ...auth, ...json, accept: 'application/json, text/event-stream' };
          const init = await fetch(`${urls.mcp}/mcp`, {
            method: 'POST',
            headers: mcpHeaders,
            body: MCP_INITIALIZE,
          });
          await init.arrayBuffer();
          count('mcp initialize', init.status, 200);
          const call = await fetch(`${urls.mcp}/mcp`, {
            method: 'POST',
            headers: mcpHeaders,
            body: JSON.stringify({
              jsonrpc: '2.0',
              id: 2,
              method: 'tools/call',
              params: { name: 'list_notes', arguments: {} },
            }),
          });
          const text = await call.text();
          count(
            'mcp tools/call list_notes',
            /"isError":\s*true/.test(text) ? 599 : call.status,
            200,
          );
        }
      };

      const rss: Record<AppName, number[]> = { auth: [], api: [], mcp: [] };
      let sampling = true;
      const sampler = (async () => {
        for (let tick = 0; sampling; tick++) {
          for (const app of APPS) {
            rss[app].push(rssMiB(procs[app].child.pid!));
            if (tick % 4 === 0) procs[app].child.kill('SIGWINCH'); // GC + heap report every 2 s
          }
          await sleep(500);
        }
      })();
      await Promise.all(Array.from({ length: WORKERS }, worker));
      sampling = false;
      await sampler;
      for (const app of APPS) procs[app].child.kill('SIGWINCH');
      await sleep(1000);

      // Warm-up: the first 40% of the run. Growth: the last 20% against the end of warm-up.
      const growth = (s: number[]) => {
        const warm = median(s.slice(Math.floor(s.length * 0.3), Math.floor(s.length * 0.4) + 1));
        const end = median(s.slice(Math.floor(s.length * 0.8)));
        return {
          start: +s[0].toFixed(1),
          afterWarmUp: +warm.toFixed(1),
          end: +end.toFixed(1),
          max: +Math.max(...s).toFixed(1),
          growth: +(end - warm).toFixed(1),
        };
      };
      const memory = Object.fromEntries(
        APPS.map((app) => {
          const heap = [...procs[app].output().matchAll(/HEAP_USED (\d+)/g)].map(
            (m) => Number(m[1]) / 1024 / 1024,
          );
          return [
            app,
            {
              heapAfterGcMiB: heap.length >= 5 ? growth(heap) : null,
              heapSamples: heap.length,
              rssMiB: growth(rss[app]),
            },
          ];
        }),
      );
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      writeResults(`soak-${SECONDS}s`, {
        seconds: SECONDS,
        workers: WORKERS,
        requests: total,
        perSecond: +(total / SECONDS).toFixed(1),
        counts,
        unexpected,
        memory,
      });

      expect(unexpected).toEqual([]);
      expect(total).toBeGreaterThan(0);
      for (const app of APPS) {
        const heap = memory[app].heapAfterGcMiB;
        expect({ app, heapSampled: heap !== null }).toEqual({ app, heapSampled: true });
        expect({ app, withinBound: heap!.growth < MAX_GROWTH_MIB }).toEqual({
          app,
          withinBound: true,
        });
        expect(procs[app].child.exitCode).toBeNull(); // still running
      }
    },
    (SECONDS + 120) * 1000,
  );
});
