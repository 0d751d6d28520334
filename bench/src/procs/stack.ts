import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_V8_FLAGS } from '../../../libs/platform/src/v8-tuning.js';
import { freePort } from '../../../test/support/ports.js';
import { startApp, type AppProcess } from './app.process.js';

export type AppName = 'auth' | 'api' | 'mcp';

/**
 * How `npm start` runs an app (node flags, built entry point): scripts/lib/app-runtime.js, a plain-JS
 * script loaded from the repository root (the bench runs from there; scripts are not compiled).
 */
const runtime = (await import(
  pathToFileURL(join(process.cwd(), 'scripts/lib/app-runtime.js')).href
)) as typeof import('../../../scripts/lib/app-runtime.js');

/** The public URLs of one deployment of the kit (audiences and issuer), fixed before anything starts. */
export interface Deployment {
  authUrl: string;
  apiUrl: string;
  mcpUrl: string;
  databaseUrl: string;
  /** Environment shared by the three apps. */
  env: Record<string, string>;
}

/** Ports and URLs for one deployment of the three apps, on free loopback ports. */
export async function planDeployment(databaseUrl: string): Promise<Deployment> {
  const [auth, api, mcp] = [await freePort(), await freePort(), await freePort()];
  const authUrl = `http://127.0.0.1:${auth}`;
  const apiUrl = `http://127.0.0.1:${api}`;
  const mcpUrl = `http://127.0.0.1:${mcp}`;
  return {
    authUrl,
    apiUrl,
    mcpUrl,
    databaseUrl,
    env: {
      // production: what users deploy (no dev logging, secure defaults), as a local trial (loopback
      // URLs, mail to files)
      NODE_ENV: 'production',
      ALLOW_LOOPBACK_URLS: 'true',
      MAIL_TRANSPORT: 'file',
      HOST: '127.0.0.1',
      AUTH_URL: authUrl,
      API_URL: apiUrl,
      MCP_URL: mcpUrl,
      AUTH_PORT: String(auth),
      API_PORT: String(api),
      MCP_PORT: String(mcp),
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-data-')),
      BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
      // the bench signs one user in thousands of times from one address
      AUTH_RATE_LIMIT: 'false',
      // the OAuth grants are loaded with a client registered as MCP clients register
      OAUTH_DYNAMIC_REGISTRATION: 'true',
    },
  };
}

let profileDir: string | undefined;
let started = 0;

/** From now on, start the kit's apps under `node --cpu-prof`, writing profiles into `dir`. */
export function profileKitApps(dir: string): void {
  profileDir = dir;
}

function nodeFlags(app: AppName): string[] {
  if (!profileDir) return [];
  return [
    '--cpu-prof',
    `--cpu-prof-dir=${profileDir}`,
    `--cpu-prof-name=${app}-${++started}.cpuprofile`,
  ];
}

const PORT_VARIABLE: Record<AppName, string> = {
  auth: 'AUTH_PORT',
  api: 'API_PORT',
  mcp: 'MCP_PORT',
};

/**
 * Starts one of the kit's apps from the build. `port` overrides its planned port (for extra
 * instances); `env` adds or overrides variables.
 */
export async function startKitApp(
  app: AppName,
  deployment: Deployment,
  options: { port?: number; env?: Record<string, string> } = {},
): Promise<AppProcess> {
  const planned = Number(deployment.env[PORT_VARIABLE[app]]);
  const port = options.port ?? planned;
  return startApp({
    name: app,
    args: [...runtime.APP_NODE_FLAGS, ...nodeFlags(app), runtime.appEntry(app)],
    env: {
      ...runtime.APP_ENV,
      ...deployment.env,
      ...options.env,
      [PORT_VARIABLE[app]]: String(port),
    },
    url: `http://127.0.0.1:${port}`,
  });
}

/** The peers built in bench/peers. */
export const PEERS = {
  'nest-passport': 'NestJS + @nestjs/passport + passport-jwt + jwks-rsa (Fastify)',
  'express-oauth2': 'Express 5 + express-oauth2-jwt-bearer',
  'fastify-jose': 'Fastify + jose createRemoteJWKSet',
  'fastify-floor': 'reference: bare Fastify GET /me (jose, SHA-256 cache, same body)',
  'nest-floor': 'reference: bare NestJS (Fastify) GET /me (a guard doing the same work)',
  'mcp-floor': 'reference: Fastify + MCP SDK + NotesService',
  'better-auth-floor': 'reference: bare Fastify + Better Auth (JWT and OAuth provider plugins)',
} as const;

export type PeerName = keyof typeof PEERS;

/**
 * Starts a peer from the build with the same key endpoint, issuer, audience and algorithms (`null`
 * for the Better Auth reference, which issues tokens rather than verifying them).
 */
export async function startPeer(
  peer: PeerName,
  verify: {
    jwksUri: string;
    issuer: string;
    audience: string;
    algorithms: string[];
    provider?: string;
  } | null,
  /** Further options of a peer of its own kind (the references' database, audiences, secret). */
  extra: Record<string, unknown> = {},
  /**
   * `kit`: run it with the kit's own runtime settings (the apps' node flags and environment, and
   * libs/platform's V8 tuning as flags), so its memory compares with the kit's; `node`: Node's
   * defaults, as a user of that stack would run it.
   */
  settings: 'kit' | 'node' = 'node',
): Promise<AppProcess> {
  const port = await freePort();
  const kit = settings === 'kit';
  return startApp({
    name: peer,
    args: [
      ...(kit ? [...runtime.APP_NODE_FLAGS, ...SERVER_V8_FLAGS] : []),
      `dist/bench/peers/${peer}/main.js`,
      JSON.stringify({ port, ...verify, ...extra }),
    ],
    env: { ...(kit ? runtime.APP_ENV : {}), NODE_ENV: 'production' },
    url: `http://127.0.0.1:${port}`,
  });
}
