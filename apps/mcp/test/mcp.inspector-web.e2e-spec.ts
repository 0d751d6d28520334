/**
 * MCP Inspector's web UI, the browser-based client, signs in to the kit and calls a tool: the
 * Inspector runs as a child process (its own backend on a free port), Chromium drives its page,
 * the hosted sign-in and consent pages, and the way back to the Inspector's `/oauth/callback`.
 * Nothing is scripted on the Inspector's side: it discovers the auth server from the MCP server's
 * 401, registers itself and exchanges the code as it would for any user.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import {
  startAuthServer,
  type AuthServer,
  type SignedUpUser,
} from '../../../test/support/auth-server.js';
import { launchChromium } from '../../../test/support/browser.js';
import { freePort } from '../../../test/support/ports.js';
import { reserveMcpUrl, startMcp, type StartedMcp } from './mcp.harness.js';

const INSPECTOR = fileURLToPath(
  new URL(
    '../../../node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js',
    import.meta.url,
  ),
);
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/clients/', import.meta.url));

let auth: AuthServer;
let mcp: StartedMcp;
let user: SignedUpUser;
let browser: Browser;
let home: string;
let inspector: ChildProcess | undefined;

beforeAll(async () => {
  const mcpUrl = await reserveMcpUrl();
  auth = await startAuthServer({ MCP_URL: mcpUrl });
  mcp = await startMcp({ AUTH_URL: auth.url, DATABASE_URL: auth.databaseUrl, MCP_URL: mcpUrl });
  user = await auth.signUp({ name: 'Grace' });
  browser = await launchChromium();
  // The Inspector keeps its catalog and storage under HOME: never the real one.
  home = await mkdtemp(join(tmpdir(), 'inspector-web-'));
});

afterAll(async () => {
  if (inspector?.exitCode === null) inspector.kill('SIGKILL');
  await browser?.close();
  await mcp?.close();
  await auth?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

/** Starts the Inspector's web UI for the kit's MCP endpoint; resolves with its tokened URL. */
async function startInspector(): Promise<URL> {
  const child = spawn(
    process.execPath,
    [INSPECTOR, '--web', '--transport', 'http', '--server-url', mcp.endpoint],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        NO_COLOR: '1',
        BROWSER: 'true', // the page is opened by the test's Chromium, not by xdg-open
        MCP_AUTO_OPEN_ENABLED: 'false',
        MCP_INSPECTOR_SECRET_STORE: 'memory',
        CLIENT_PORT: String(await freePort()),
        MCP_SANDBOX_PORT: String(await freePort()),
      },
    },
  );
  inspector = child;
  let output = '';
  return new Promise<URL>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/http:\/\/\S+\?MCP_INSPECTOR_API_TOKEN=\w+/);
      if (match) resolve(new URL(match[0]));
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('close', () => reject(new Error(`the Inspector exited:\n${output}`)));
  });
}

it('connects from the browser: discovery, registration, sign-in, consent, then whoami as the user', async () => {
  const inspectorUrl = await startInspector();
  const context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  // Its page asks for web fonts; the machine is offline and the kit's flow needs none.
  await context.route(/^https:\/\//, (route) => route.abort());
  const page = await context.newPage();
  try {
    await page.goto(inspectorUrl.href);
    await page.getByRole('switch', { name: /Connect or disconnect/ }).check({ force: true });

    await page.waitForURL((u) => u.origin === auth.url && u.pathname === '/sign-in');
    const signIn = new URL(page.url());
    expect(signIn.searchParams.get('resource')).toBe(`${mcp.config.publicUrl}/mcp`);
    expect(signIn.searchParams.get('code_challenge_method')).toBe('S256');
    expect(signIn.searchParams.get('redirect_uri')).toBe(`${inspectorUrl.origin}/oauth/callback`);
    await page.getByLabel('Email', { exact: true }).fill(user.user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((u) => u.origin === auth.url && u.pathname === '/consent');
    await page.getByRole('button', { name: 'Allow', exact: true }).click();

    await page.waitForURL((u) => u.origin === inspectorUrl.origin);
    await page.getByText('Connected', { exact: true }).waitFor();
    await page.getByText('Tools', { exact: true }).first().click();
    await page.getByText('whoami', { exact: true }).first().click();
    await page.getByRole('button', { name: 'Execute Tool' }).click();
    // The tool's answer, rendered by the Inspector: the signed-in user, not a pasted token.
    await page.getByText(`"sub": "${user.user.id}"`).first().waitFor();
    expect(await page.getByText(`"email": "${user.user.email}"`).first().isVisible()).toBe(true);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-web-whoami.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
