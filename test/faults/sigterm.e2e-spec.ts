/**
 * Graceful shutdown: each built app runs as a child process; requests are left
 * in flight (their bodies trickle in), SIGTERM arrives, and every in-flight request must still be
 * answered, new connections refused, and the process exit by itself having closed its database pool
 * (PostgreSQL logs a clean disconnection, never an "unexpected EOF", for each of its sessions).
 */
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/ports.js';
import { MCP_INITIALIZE, probe } from '../security/support/http-probe.js';
import { TestIssuer } from '../security/support/issuer.js';
import { JwksServer } from '../security/support/jwks-server.js';
import { writeResults } from '../security/support/results.js';
import {
  ensureBuilt,
  spawnApp,
  waitForHttp,
  type AppName,
  type SpawnedApp,
} from './support/built-app.js';
import { PrivatePostgres, privatePostgresAvailable } from './support/private-postgres.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describeIf = privatePostgresAvailable() ? describe : describe.skip;

/**
 * Sends a request whose body arrives in two halves: the second only once `release` resolves. Resolves
 * with the status line's code (0 when the connection ended without an answer).
 */
function trickle(
  port: number,
  path: string,
  headers: Record<string, string>,
  body: string,
  release: Promise<void>,
): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    const lines = Object.entries({
      ...headers,
      host: `127.0.0.1:${port}`,
      connection: 'close',
      'content-length': String(Buffer.byteLength(body)),
    })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    const half = Math.floor(body.length / 2);
    socket.write(`POST ${path} HTTP/1.1\r\n${lines}\r\n\r\n${body.slice(0, half)}`);
    void release.then(() => socket.write(body.slice(half)));
  });
}

describeIf('SIGTERM drains in-flight requests and closes pools', () => {
  const issuer = new TestIssuer('https://issuer.sigterm.test', ['EdDSA']);
  let keys: JwksServer;
  let db: PrivatePostgres;
  let dataDir: string;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    ensureBuilt();
    keys = await JwksServer.start(() => issuer.jwks());
    db = await PrivatePostgres.start([
      'log_disconnections=on',
      'log_min_messages=debug1',
      'log_line_prefix=app=%a:',
    ]);
    dataDir = await mkdtemp(join(tmpdir(), 'sigterm-auth-'));
  }, 180_000);

  afterAll(async () => {
    writeResults('sigterm', figures);
    await keys?.close();
    await db?.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function boot(app: AppName): Promise<{ proc: SpawnedApp; port: number; audience: string }> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const common = {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      DATABASE_URL: `${db.url}?application_name=${app}`,
    };
    const resource = {
      AUTH_PROVIDER: 'custom',
      JWKS_URL: keys.url,
      JWT_ISSUER: issuer.issuer,
      JWT_AUDIENCE: url,
    };
    const env =
      app === 'auth'
        ? {
            ...common,
            AUTH_PORT: String(port),
            AUTH_URL: url,
            DATA_DIR: dataDir,
            AUTH_RATE_LIMIT: 'false',
          }
        : app === 'api'
          ? { ...common, ...resource, API_PORT: String(port), API_URL: url }
          : { ...common, ...resource, MCP_PORT: String(port), MCP_URL: url };
    const proc = spawnApp(app, env);
    await waitForHttp(`${url}/health/live`, proc);
    // One request that uses the database, so the pool holds a connection when SIGTERM arrives.
    expect((await probe(`${url}/health/ready`)).status).toBe(200);
    return { proc, port, audience: url };
  }

  it.each(['auth', 'api', 'mcp'] as const)(
    '%s: every in-flight request completes, then the process exits',
    async (app) => {
      const { proc, port, audience } = await boot(app);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const auth = {
        authorization: `Bearer ${issuer.token(audience)}`,
        'content-type': 'application/json',
      };
      const requests = Array.from({ length: 3 }, (_, i) => {
        if (app === 'auth') {
          const body = JSON.stringify({
            email: `drain-${i}-${Date.now()}@example.com`,
            password: 'correct horse battery staple',
            name: 'Drain',
          });
          return trickle(
            port,
            '/api/auth/sign-up/email',
            { 'content-type': 'application/json', origin: audience },
            body,
            released,
          );
        }
        if (app === 'api')
          return trickle(
            port,
            '/notes',
            auth,
            JSON.stringify({ title: `drain ${i}`, body: 'in flight at SIGTERM' }),
            released,
          );
        return trickle(
          port,
          '/mcp',
          { ...auth, accept: 'application/json, text/event-stream' },
          MCP_INITIALIZE,
          released,
        );
      });
      await sleep(300); // the requests' headers are in
      proc.child.kill('SIGTERM');
      await sleep(500); // shutdown has begun while the bodies are still incomplete
      const refused = await probe(`http://127.0.0.1:${port}/health/live`);
      release();
      const statuses = await Promise.all(requests);
      let timer: NodeJS.Timeout | undefined;
      const exit = await Promise.race([
        proc.exited,
        new Promise<'still running'>((resolve) => {
          timer = setTimeout(() => resolve('still running'), 15_000);
        }),
      ]);
      clearTimeout(timer);
      if (exit === 'still running') proc.child.kill('SIGKILL');
      await sleep(200); // let PostgreSQL write its disconnection lines
      const log = await db.log();
      const appLines = log.split('\n').filter((line) => line.startsWith(`app=${app}:`));
      const disconnections = appLines.filter((line) => line.includes('disconnection:')).length;
      figures[app] = {
        statuses,
        newConnectionAfterSigterm: refused.status || refused.body,
        exit,
        disconnections,
      };

      const expected = app === 'api' ? 201 : 200;
      expect(statuses).toEqual([expected, expected, expected]);
      expect(refused.status).toBe(0); // the listening socket is closed: ECONNREFUSED
      expect(exit).not.toBe('still running');
      expect(proc.stderr()).not.toMatch(/Error|unhandled/i);
      // Clean pool close: PostgreSQL saw each session end with a Terminate message.
      expect(disconnections).toBeGreaterThan(0);
      expect(appLines.join('\n')).not.toMatch(/unexpected EOF|connection reset/i);
    },
    60_000,
  );
});
