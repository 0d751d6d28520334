import { request } from 'node:http';
import { mcpInitialize } from '../../support/mcp.js';

/** What a probe saw. `status` 0 means the connection failed without an HTTP answer. */
export interface ProbeResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The parsed body when it was JSON. */
  json?: unknown;
}

export interface ProbeOptions {
  method?: string;
  /** Raw header pairs, sent as given (duplicates kept, casing kept). */
  headers?: [string, string][];
  body?: string | Buffer;
}

/**
 * One HTTP request, on a connection of its own (no keep-alive: a connection the server dropped after
 * one hostile request must not fail the next one), with full control of the header lines (node:http, not fetch, so duplicate
 * `Authorization` lines and odd casing reach the server exactly as written).
 */
export function probe(url: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  // With raw header arrays node:http adds no Host line; HTTP/1.1 servers refuse requests without one.
  const raw: string[] = ['host', new URL(url).host];
  for (const [name, value] of options.headers ?? []) raw.push(name, value);
  if (options.body !== undefined)
    raw.push('content-length', String(Buffer.byteLength(options.body)));
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: raw, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
        });
        res.on('error', () => resolve({ status: 0, headers: {}, body: '' }));
      },
    );
    req.on('error', (error) =>
      resolve({ status: 0, headers: {}, body: (error as NodeJS.ErrnoException).code ?? '' }),
    );
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The `error` parameter of a `WWW-Authenticate: Bearer …` challenge, if any. */
export function challengeError(result: ProbeResult): string | undefined {
  const header = result.headers['www-authenticate'];
  const value = Array.isArray(header) ? header.join(', ') : (header ?? '');
  return /error="([^"]*)"/.exec(value)?.[1];
}

/** The JSON-RPC `initialize` request an MCP client opens with. */
export const MCP_INITIALIZE = JSON.stringify(
  mcpInitialize({ name: 'security-battery', version: '1.0.0' }),
);

/** Headers an MCP Streamable HTTP POST needs besides `Authorization`. */
export const MCP_HEADERS: [string, string][] = [
  ['content-type', 'application/json'],
  ['accept', 'application/json, text/event-stream'],
];
