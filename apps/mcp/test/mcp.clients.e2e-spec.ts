/**
 * Real third-party MCP clients sign in to the kit through OAuth and call a tool: MCP Inspector's
 * CLI and mcp-remote, each run as a child process against auth and mcp booted in this process.
 * Each client registers itself, listens on its own loopback callback, and prints the
 * authorization URL; Chromium plays the user on the hosted sign-in and consent pages and then
 * delivers the redirect to the client's callback, which finishes the flow with its token request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Browser } from 'playwright-core';
import {
  startAuthServer,
  type AuthServer,
  type SignedUpUser,
} from '../../../test/support/auth-server.js';
import { approveInBrowser, launchChromium } from '../../../test/support/browser.js';
import { freePort } from '../../../test/support/ports.js';
import { reserveMcpUrl, startMcp, type StartedMcp } from './mcp.harness.js';

const modules = new URL('../../../node_modules/', import.meta.url);
const INSPECTOR_CLI = fileURLToPath(
  new URL('@modelcontextprotocol/inspector/clients/launcher/build/index.js', modules),
);
const MCP_REMOTE = fileURLToPath(new URL('mcp-remote/dist/proxy.js', modules));

let auth: AuthServer;
let mcp: StartedMcp;
let user: SignedUpUser;
let browser: Browser;
let home: string;
const children: ChildProcess[] = [];
const transports: StdioClientTransport[] = [];

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
  for (const transport of transports) await transport.close();
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await browser?.close();
  await mcp?.close();
  await auth?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

/** A stream's text so far, and a wait for a pattern in it. */
interface Output {
  text(): string;
  /** Resolves with the first match of `pattern`; rejects if the stream ends first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
}

function collect(stream: Readable): Output {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const ended = new Promise<void>((resolve) => stream.once('close', resolve).once('end', resolve));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = text.match(pattern);
        if (!match) return;
        stream.off('data', check);
        resolve(match);
      };
      stream.on('data', check);
      check();
      void ended.then(() => reject(new Error(`output ended before ${pattern}:\n${text}`)));
    });
  return { text: () => text, waitFor };
}

/**
 * The environment of a client process: a temporary HOME for whatever it stores, and an `open`
 * that opens nothing. Both clients "open a browser" through the `open` package's xdg-open, which
 * runs `$BROWSER`; the URL is read from their output instead and opened in the test's Chromium.
 */
function clientEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1', BROWSER: 'true', ...extra };
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
    const cli = spawn(
      process.execPath,
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
      {
        // Without a TTY the CLI refuses interactive OAuth unless auto-open is forced on; secrets
        // stay in its memory (no keychain here, and nothing to keep after the run).
        env: clientEnv({ MCP_AUTO_OPEN_ENABLED: 'true', MCP_INSPECTOR_SECRET_STORE: 'memory' }),
      },
    );
    children.push(cli);
    const exited = new Promise<number | null>((resolve) => cli.once('close', resolve));
    const stdout = collect(cli.stdout);
    const stderr = collect(cli.stderr);
    const [, href] = await stderr.waitFor(/Please navigate to: (\S+)/);
    const authorizationUrl = new URL(href);
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(
      `${auth.url}/api/auth/oauth2/authorize`,
    );
    expect(authorizationUrl.searchParams.get('resource')).toBe(`${mcp.config.publicUrl}/mcp`);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(new URL(authorizationUrl.searchParams.get('redirect_uri')!).hostname).toBe('127.0.0.1');

    const outcome = await signInAndReturnToClient(authorizationUrl);
    expect(outcome.consentPage).toBeDefined();
    expect(await exited).toBe(0);
    const output = JSON.parse(stdout.text()) as { result: { structuredContent: unknown } };
    expect(output.result.structuredContent).toMatchObject({
      sub: user.user.id,
      email: user.user.email,
      name: 'Grace',
      scopes: expect.arrayContaining(['notes:read']),
    });
  });
});

describe('mcp-remote', () => {
  it('registers, signs the user in through the hosted pages and proxies whoami over stdio as that user', async () => {
    const callbackPort = await freePort();
    const configDir = join(home, 'mcp-remote');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [MCP_REMOTE, mcp.endpoint, String(callbackPort), '--host', '127.0.0.1'],
      // Its registrations, tokens and locks go under MCP_REMOTE_CONFIG_DIR (else ~/.mcp-auth).
      env: clientEnv({ MCP_REMOTE_CONFIG_DIR: configDir }),
      stderr: 'pipe',
    });
    transports.push(transport);
    const stderr = collect(transport.stderr as Readable);
    const client = new Client({ name: 'e2e-stdio', version: '0' });
    // mcp-remote signs in before it reads stdin: the initialize request waits in the pipe.
    const connected = client.connect(transport);
    const [, href] = await stderr.waitFor(/Please authorize this client by visiting:\s+(\S+)/);
    const authorizationUrl = new URL(href);
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(
      `${auth.url}/api/auth/oauth2/authorize`,
    );
    expect(authorizationUrl.searchParams.get('resource')).toBe(`${mcp.config.publicUrl}/mcp`);
    expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(
      `http://127.0.0.1:${callbackPort}/oauth/callback`,
    );
    expect(authorizationUrl.searchParams.get('scope')?.split(' ')).toContain('offline_access');

    const outcome = await signInAndReturnToClient(authorizationUrl);
    expect(outcome.consentPage).toBeDefined();
    await connected;
    const result = await client.callTool({ name: 'whoami' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      sub: user.user.id,
      email: user.user.email,
      name: 'Grace',
      scopes: expect.arrayContaining(['offline_access']),
    });
    await client.close();

    // What it keeps for next time: its registration and a refresh token to stay signed in.
    const stored = async (suffix: string) => {
      const files = await readdir(configDir, { recursive: true });
      const file = files.find((name) => name.endsWith(suffix));
      expect(file).toBeDefined();
      return JSON.parse(await readFile(join(configDir, file!), 'utf8')) as Record<string, unknown>;
    };
    expect(await stored('_client_info.json')).toMatchObject({
      client_id: authorizationUrl.searchParams.get('client_id'),
      redirect_uris: [`http://127.0.0.1:${callbackPort}/oauth/callback`],
    });
    expect(await stored('_tokens.json')).toMatchObject({ refresh_token: expect.any(String) });
  });
});
