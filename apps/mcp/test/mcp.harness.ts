import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestingModuleBuilder } from '@nestjs/testing';
import { mcpConfig, type Env, type McpConfig } from '#config';
import { freePort } from '../../../test/support/ports.js';
import { startResourceServer } from '../../../test/support/resource-server.js';
import { AppModule } from '../src/app.module.js';

/** A running mcp server, booted from its real module graph. */
export interface StartedMcp {
  app: NestFastifyApplication;
  /**
   * Where it answers: `MCP_URL` when that is a loopback URL with a port (the default), else
   * `http://127.0.0.1:<port>` (`config.publicUrl` keeps the configured `MCP_URL`).
   */
  url: string;
  /** The MCP endpoint, `${url}/mcp`. */
  endpoint: string;
  config: McpConfig;
  /** The database URL the app uses (the caller's `DATABASE_URL` or a fresh test database). */
  databaseUrl: string;
  /** A connected SDK client sending `Authorization: Bearer <token>` (or nothing). Close it when done. */
  client(token?: string): Promise<Client>;
  /** Closes the app and, when the harness created it, its test database. */
  close(): Promise<void>;
}

export interface StartMcpOptions {
  /** Last-minute changes to the testing module, e.g. `.overrideProvider(JwksProvider)`. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/**
 * A free loopback base URL to give as `MCP_URL`, for when the token issuer must know the MCP
 * server's audience before the server boots (the auth server's `TOKEN_AUDIENCE`).
 */
export async function reserveMcpUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** A connected MCP SDK client for `endpoint`, sending the token as a bearer header. */
export async function connectMcpClient(endpoint: string, token?: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(endpoint), {
    requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : undefined,
  });
  const client = new Client({ name: 'mcp-e2e', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

function portOf(url: string): number | undefined {
  const { hostname, port } = new URL(url);
  return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname) && port ? Number(port) : undefined;
}

/**
 * Boots apps/mcp as `main.ts` does, with its configuration built from `env` alone:
 * `loadResourceConfig('mcp', { NODE_ENV: 'test', ...env })`. The server listens where `MCP_URL`
 * says when that is a loopback URL with a port (see {@link reserveMcpUrl}); without `MCP_URL` it
 * picks a free port and sets `MCP_URL` to it, so the metadata URL in its challenges is reachable.
 * Without `env.DATABASE_URL` it starts a fresh migrated test database and stops it on `close()`.
 * `HOST` defaults to 127.0.0.1, so DNS-rebinding protection is on. The boot itself is
 * test/support/resource-server.ts; this adds the `MCP_URL` and port choice and the SDK client.
 * @example
 * const mcp = await startMcp({ AUTH_URL: auth.url, MCP_URL: mcpUrl });
 * const client = await mcp.client(jwt);
 * await client.callTool({ name: 'whoami' });
 */
export async function startMcp(env: Env = {}, options: StartMcpOptions = {}): Promise<StartedMcp> {
  const mcpUrl = env.MCP_URL ?? (await reserveMcpUrl());
  const port = portOf(mcpUrl) ?? (await freePort());
  const { app, config, databaseUrl, close } = await startResourceServer({
    module: AppModule,
    app: 'mcp',
    configKey: mcpConfig.KEY,
    env: { ...env, MCP_URL: mcpUrl },
    override: options.override,
    listen: ({ host }) => ({ port, host }),
  });
  // Reachable base URL: MCP_URL itself when it names this loopback port, else the bound port.
  const url = portOf(mcpUrl) ? config.publicUrl : `http://127.0.0.1:${port}`;
  const endpoint = `${url}/mcp`;
  return {
    app,
    url,
    endpoint,
    config,
    databaseUrl,
    client: (token?: string) => connectMcpClient(endpoint, token),
    close,
  };
}
