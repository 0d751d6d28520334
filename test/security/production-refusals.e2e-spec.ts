/**
 * Production refusals: each built app, spawned with NODE_ENV=production and
 * one unsafe setting (a secret, a public URL, a key source, an unbound Clerk setup), must exit with
 * code 1 after printing exactly one line on stderr that names the variable (and never echoes a
 * secret). A safe production configuration boots (the control).
 * Runs from an empty working directory so no `.env` file can supply what the case leaves out.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, spawnApp, waitForHttp, type AppName } from '../faults/support/built-app.js';
import { freePort } from '../support/ports.js';
import { writeResults } from './support/results.js';

const STRONG_SECRET = 'kQ9v2Lr7Zp4Xw8Ym3Tn6Bc1Hd5Fg0Js2Ua7Ve4Wx9';
const DATABASE_URL = 'postgresql://nobody@127.0.0.1:1/none';

interface Case {
  name: string;
  app: AppName;
  env: Record<string, string>;
  /** The variable the line must name. */
  variable: string;
  /** A value that must not be echoed. */
  secret?: string;
}

const HTTPS_AUTH = 'https://auth.example.com';
const cases: Case[] = [
  {
    name: 'missing BETTER_AUTH_SECRET',
    app: 'auth',
    env: { AUTH_URL: HTTPS_AUTH },
    variable: 'BETTER_AUTH_SECRET',
  },
  {
    name: 'short BETTER_AUTH_SECRET',
    app: 'auth',
    env: { AUTH_URL: HTTPS_AUTH, BETTER_AUTH_SECRET: 'changeme' },
    variable: 'BETTER_AUTH_SECRET',
    secret: 'changeme',
  },
  {
    name: '31-character BETTER_AUTH_SECRET',
    app: 'auth',
    env: { AUTH_URL: HTTPS_AUTH, BETTER_AUTH_SECRET: 'x'.repeat(31) },
    variable: 'BETTER_AUTH_SECRET',
    secret: 'x'.repeat(31),
  },
  {
    name: 'http: AUTH_URL',
    app: 'auth',
    env: { AUTH_URL: 'http://auth.example.com', BETTER_AUTH_SECRET: STRONG_SECRET },
    variable: 'AUTH_URL',
    secret: STRONG_SECRET,
  },
  {
    name: 'http: API_URL',
    app: 'api',
    env: { API_URL: 'http://api.example.com' },
    variable: 'API_URL',
  },
  {
    name: 'http: MCP_URL',
    app: 'mcp',
    env: { MCP_URL: 'http://mcp.example.com' },
    variable: 'MCP_URL',
  },
  {
    name: 'loopback AUTH_URL (the issuer) without ALLOW_LOOPBACK_URLS',
    app: 'auth',
    env: {
      AUTH_URL: 'http://localhost:3001',
      BETTER_AUTH_SECRET: STRONG_SECRET,
      MAIL_TRANSPORT: 'file',
    },
    variable: 'AUTH_URL',
    secret: STRONG_SECRET,
  },
  {
    name: 'default (loopback) API_URL without ALLOW_LOOPBACK_URLS',
    app: 'api',
    env: {},
    variable: 'API_URL',
  },
  {
    name: 'loopback MCP_URL without ALLOW_LOOPBACK_URLS',
    app: 'mcp',
    env: { MCP_URL: 'http://127.0.0.1:3002' },
    variable: 'MCP_URL',
  },
  {
    name: 'no SMTP_URL and no explicit MAIL_TRANSPORT=file',
    app: 'auth',
    env: { AUTH_URL: HTTPS_AUTH, BETTER_AUTH_SECRET: STRONG_SECRET },
    variable: 'SMTP_URL',
    secret: STRONG_SECRET,
  },
  {
    name: 'MAIL_TRANSPORT=smtp without SMTP_URL',
    app: 'auth',
    env: { AUTH_URL: HTTPS_AUTH, BETTER_AUTH_SECRET: STRONG_SECRET, MAIL_TRANSPORT: 'smtp' },
    variable: 'SMTP_URL',
    secret: STRONG_SECRET,
  },
  {
    name: 'unknown AUTH_PROVIDER (api)',
    app: 'api',
    env: { API_URL: 'https://api.example.com', AUTH_PROVIDER: 'okta' },
    variable: 'AUTH_PROVIDER',
  },
  {
    name: 'unknown AUTH_PROVIDER (mcp)',
    app: 'mcp',
    env: { MCP_URL: 'https://mcp.example.com', AUTH_PROVIDER: 'okta' },
    variable: 'AUTH_PROVIDER',
  },
  {
    name: 'HMAC in JWT_ALGORITHMS (api)',
    app: 'api',
    env: { API_URL: 'https://api.example.com', JWT_ALGORITHMS: 'HS256' },
    variable: 'JWT_ALGORITHMS',
  },
  // Key sources: plain http outside loopback (and JWKS_ALLOW_HTTP_HOSTS) lets the network pick the keys.
  {
    name: 'http: JWKS_URL (api)',
    app: 'api',
    env: { API_URL: 'https://api.example.com', JWKS_URL: 'http://keys.example.com/jwks' },
    variable: 'JWKS_URL',
  },
  {
    name: "http: the local provider's AUTH_URL (mcp)",
    app: 'mcp',
    env: { MCP_URL: 'https://mcp.example.com', AUTH_URL: 'http://auth.example.com' },
    variable: 'AUTH_URL',
  },
  {
    name: 'http: OIDC_ISSUER (api)',
    app: 'api',
    env: {
      API_URL: 'https://api.example.com',
      AUTH_PROVIDER: 'oidc',
      OIDC_ISSUER: 'http://idp.example.com',
      JWT_AUDIENCE: 'https://api.example.com',
    },
    variable: 'OIDC_ISSUER',
  },
  {
    name: 'Clerk without CLERK_AUTHORIZED_PARTIES or JWT_AUDIENCE (mcp)',
    app: 'mcp',
    env: {
      MCP_URL: 'https://mcp.example.com',
      AUTH_PROVIDER: 'clerk',
      CLERK_ISSUER: 'https://clerk.example.com',
    },
    variable: 'CLERK_AUTHORIZED_PARTIES',
  },
];

let cwd: string;
const observed: Record<string, unknown>[] = [];

beforeAll(async () => {
  ensureBuilt();
  cwd = await mkdtemp(join(tmpdir(), 'prod-refusal-'));
}, 180_000);

afterAll(async () => {
  writeResults('production-refusals', observed);
  await rm(cwd, { recursive: true, force: true });
});

it.each(cases.map((c) => [c.name, c] as const))(
  '%s: exits 1 with one line naming the variable',
  async (_title, { name, app, env, variable, secret }) => {
    const proc = spawnApp(
      app,
      { NODE_ENV: 'production', DATABASE_URL, DATA_DIR: join(cwd, 'data'), ...env },
      cwd,
    );
    const exit = await proc.exited;
    const lines = proc
      .stderr()
      .split('\n')
      .filter((line) => line.trim());
    observed.push({ case: name, app, exit, stderr: lines });
    expect(exit.code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    if (secret) expect(lines[0]).not.toContain(secret);
    expect(proc.output()).not.toMatch(/\n\s+at\s/); // no stack trace
  },
  30_000,
);

/** Boots the built auth app with `env` and checks it answers /health/live. */
async function expectBoots(env: Record<string, string>, port: number) {
  const proc = spawnApp(
    'auth',
    {
      NODE_ENV: 'production',
      DATABASE_URL,
      DATA_DIR: join(cwd, 'data'),
      AUTH_PORT: String(port),
      BETTER_AUTH_SECRET: STRONG_SECRET,
      ...env,
    },
    cwd,
  );
  try {
    await waitForHttp(`http://127.0.0.1:${port}/health/live`, proc);
    expect(proc.output()).not.toContain(STRONG_SECRET);
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
  }
}

it('boots with a safe production configuration (control)', async () => {
  await expectBoots(
    { AUTH_URL: 'https://auth.example.com', SMTP_URL: 'smtp://127.0.0.1:1' },
    await freePort(),
  );
}, 30_000);

it('boots a local trial: loopback AUTH_URL with ALLOW_LOOPBACK_URLS=true, MAIL_TRANSPORT=file', async () => {
  const port = await freePort();
  await expectBoots(
    { AUTH_URL: `http://localhost:${port}`, ALLOW_LOOPBACK_URLS: 'true', MAIL_TRANSPORT: 'file' },
    port,
  );
}, 30_000);

it('boots the api with an internal http key source listed in JWKS_ALLOW_HTTP_HOSTS (control)', async () => {
  const port = await freePort();
  const proc = spawnApp(
    'api',
    {
      NODE_ENV: 'production',
      DATABASE_URL,
      DATA_DIR: join(cwd, 'data'),
      API_URL: 'https://api.example.com',
      API_PORT: String(port),
      AUTH_URL: 'https://auth.example.com',
      JWKS_URL: 'http://auth.internal:3001/api/auth/jwks',
      JWKS_ALLOW_HTTP_HOSTS: 'auth.internal',
    },
    cwd,
  );
  try {
    await waitForHttp(`http://127.0.0.1:${port}/health/live`, proc);
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
  }
}, 30_000);
