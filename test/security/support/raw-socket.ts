import { connect } from 'node:net';

/** What came back on the socket. */
export interface RawAnswer {
  status: number;
  /** Header values by lower-cased name, in the order received. */
  headers: Record<string, string[]>;
  body: string;
  /** The body parsed, when it was JSON. */
  json?: unknown;
}

export interface RawRequest {
  method?: string;
  /** Path and query. Default `/`. */
  path?: string;
  /** The `Host` line. Default: the URL's host. */
  host?: string;
  /** Header lines written exactly as given: duplicates, casing and order kept. */
  headers: [string, string][];
  body?: string;
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function parse(response: Buffer): RawAnswer {
  const split = response.indexOf('\r\n\r\n');
  const head = response.subarray(0, split < 0 ? response.length : split).toString('latin1');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers: Record<string, string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  let raw = split < 0 ? Buffer.alloc(0) : response.subarray(split + 4);
  if (headers['transfer-encoding']?.some((v) => /chunked/i.test(v))) raw = dechunk(raw);
  const body = raw.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return {
    status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0),
    headers,
    body,
    json,
  };
}

/**
 * One HTTP/1.1 request written byte for byte on a fresh TCP connection (`Connection: close`), read
 * until the server closes it. Neither fetch nor supertest can send two `Authorization` lines: they
 * merge headers of the same name; this sends what a hostile client would.
 */
export function rawHttp(baseUrl: string, request: RawRequest): Promise<RawAnswer> {
  const { hostname, port, host } = new URL(baseUrl);
  const lines = [
    `${request.method ?? 'GET'} ${request.path ?? '/'} HTTP/1.1`,
    `Host: ${request.host ?? host}`,
  ];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (request.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(request.body)}`);
  lines.push('Connection: close');
  const bytes = `${lines.join('\r\n')}\r\n\r\n${request.body ?? ''}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) });
    const chunks: Buffer[] = [];
    // write, not end: a half-closed socket lets Node's server drop a response still in progress
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(parse(Buffer.concat(chunks))));
    socket.on('error', reject);
  });
}
