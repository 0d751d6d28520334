/**
 * Real third-party MCP clients sign in to the kit through OAuth and call a tool: MCP Inspector's
 * CLI and mcp-remote, each run as a child process against auth and mcp booted in this process.
 * Each client registers itself, listens on its own loopback callback, and prints the
 * authorization URL; Chromium plays the user on the hosted sign-in and consent pages and then
 * delivers the redirect to the client's callback, which finishes the flow with its token request.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  startAuthServer,
  type AuthServer,
  type SignedUpUser,
} from '../../../test/support/auth-server.js';
import { approveInBrowser, launchChromium } from '../../../test/support/browser.js';
import { reserveMcpUrl, startMcp, type StartedMcp } from './mcp.harness.js';

const INSPECTOR_CLI = 'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js';

let auth: AuthServer;
let mcp: StartedMcp;
let user: SignedUpUser;
let browser: Browser;
let home: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  const mcpUrl = await reserveMcpUrl();
  auth = await startAuthServer({ MCP_URL: mcpUrl });
  mcp = await startMcp({ AUTH_URL: auth.url, DATABASE_URL: auth.databaseUrl, MCP_URL: mcpUrl });
  user = await auth.signUp({ name: 'Grace' });
  browser = await launchChromium();
  // The clients keep their registrations and tokens under HOME: never the real one.
  home = await mkdtemp(join(tmpdir(), 'mcp-clients-'));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await browser?.close();
  await mcp?.close();
  await auth?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

/** A client child process, its output collected as it comes. */
interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `pattern` on stderr; rejects if the process ends first. */
  waitForStderr(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

function run(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      NO_COLOR: '1',
      // The clients "open a browser" through xdg-open, which runs $BROWSER: a no-op here, since
      // the URL is read from their output and opened in the test's own Chromium.
      BROWSER: 'true',
      ...env,
    },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const waitForStderr = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = err.match(pattern);
        if (match) {
          child.stderr.off('data', check);
          resolve(match);
        }
      };
      child.stderr.on('data', check);
      check();
      void exited.then(() =>
        reject(new Error(`exited before ${pattern}:\n${err}\n${out}`)),
      );
    });
  return { child, stdout: () => out, stderr: () => err, waitForStderr, exited };
}

const credentials = () => ({ email: user.user.email, password: user.password });

/** Signs in and consents in Chromium, then lets the browser follow the redirect to the client. */
async function signInAndReturnToClient(authorizationUrl: URL) {
  const outcome = await approveInBrowser(browser, authorizationUrl, credentials());
  expect(outcome.error).toBeUndefined();
  expect(outcome.code).toEqual(expect.any(String));
  // approveInBrowser stops at the redirect URI without loading it; the client's callback server
  // is real here, so the browser now loads it and the client exchanges the code.
  const page = await browser.newPage();
  try {
    const res = await page.goto(outcome.redirect.href);
    expect(res?.status()).toBe(200);
  } finally {
    await page.close();
  }
  return outcome;
}

describe('MCP Inspector CLI', () => {
  it('registers, signs the user in through the hosted pages and calls whoami as that user', async () => {
    const cli = run(
      [
        INSPECTOR_CLI,
        '--cli',
        mcp.endpoint,
        '--transport',
        'http',
        '--method',
        'tools/call',
        '--tool-name',
        'whoami',
        '--format',
        'json',
        // Port 0: the CLI's loopback listener takes a free port and registers that redirect URI.
        '--callback-url',
        'http://127.0.0.1:0/oauth/callback',
      ],
      // Without a TTY the CLI refuses interactive OAuth unless auto-open is forced on; secrets
      // stay in its memory (no keychain here, and nothing to keep after the run).
      { MCP_AUTO_OPEN_ENABLED: 'true', MCP_INSPECTOR_SECRET_STORE: 'memory' },
    );
    const [, href] = await cli.waitForStderr(/Please navigate to: (\S+)/);
    const authorizationUrl = new URL(href);
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(
      `${auth.url}/api/auth/oauth2/authorize`,
    );
    expect(authorizationUrl.searchParams.get('resource')).toBe(`${mcp.config.publicUrl}/mcp`);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(new URL(authorizationUrl.searchParams.get('redirect_uri')!).hostname).toBe('127.0.0.1');

    const outcome = await signInAndReturnToClient(authorizationUrl);
    expect(outcome.consentPage).toBeDefined();
    expect(await cli.exited).toBe(0);
    const output = JSON.parse(cli.stdout()) as { result: { structuredContent: unknown } };
    expect(output.result.structuredContent).toMatchObject({
      sub: user.user.id,
      email: user.user.email,
      name: 'Grace',
      scopes: expect.arrayContaining(['notes:read']),
    });
  });
});
