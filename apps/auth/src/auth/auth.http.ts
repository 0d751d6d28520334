import type { ClientAddressResolver } from './client-address.js';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

/** Header Better Auth reads the client address from; always overwritten, so clients cannot spoof it. */
export const CLIENT_IP_HEADER = 'x-kit-client-ip';

/** Largest request body accepted on `/api/auth/*` (the routes take a few short strings). */
export const AUTH_BODY_LIMIT = 64 * 1024;

type NodeReq = IncomingMessage & { body?: unknown; raw?: IncomingMessage };
type NodeRes = ServerResponse & { raw?: ServerResponse };

function sendJson(res: ServerResponse, status: number, body: object): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('connection', 'close');
  res.end(JSON.stringify(body));
}

function tooLarge(res: ServerResponse): void {
  sendJson(res, 413, {
    statusCode: 413,
    error: 'Payload Too Large',
    message: `request body must be at most ${AUTH_BODY_LIMIT} bytes`,
  });
}

/**
 * Normalises Better Auth's error answers: adds the standard `Retry-After` to 429 (it only sends
 * `X-Retry-After`) and gives body-less errors (its 404 for unknown routes) a JSON body.
 */
function normaliseErrors(res: ServerResponse): void {
  type Fn = (...args: unknown[]) => unknown;
  const writeHead = res.writeHead.bind(res) as Fn;
  const write = res.write.bind(res) as Fn;
  const end = res.end.bind(res) as Fn;
  let jsonFallback = 0;
  let wrote = false;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status === 429 && !res.hasHeader('retry-after')) {
      res.setHeader('retry-after', String(res.getHeader('x-retry-after') ?? 60));
    }
    if (status >= 400 && !res.hasHeader('content-type')) {
      jsonFallback = status;
      res.setHeader('content-type', 'application/json; charset=utf-8');
    }
    return writeHead(status, ...rest);
  }) as ServerResponse['writeHead'];
  res.write = ((...args: unknown[]) => {
    wrote = true;
    return write(...args);
  }) as ServerResponse['write'];
  res.end = ((...args: unknown[]) => {
    const chunk = args[0];
    const empty =
      chunk === undefined ||
      typeof chunk === 'function' ||
      (chunk as { length?: number }).length === 0;
    if (jsonFallback && !wrote && empty) {
      const error = STATUS_CODES[jsonFallback] ?? 'Error';
      return end(JSON.stringify({ statusCode: jsonFallback, error, message: error }));
    }
    return end(...args);
  }) as ServerResponse['end'];
}

function isJson(req: IncomingMessage): boolean {
  return /\bjson\b/i.test(String(req.headers['content-type'] ?? ''));
}

/**
 * Wraps Better Auth's Node handler (the `middleware` option of @thallesp/nestjs-better-auth):
 * - sets the client address from the socket, or from `X-Forwarded-For` set by a trusted proxy
 *   (Better Auth alone trusts a single-hop `X-Forwarded-For`, which any client can forge to dodge
 *   rate limits, and otherwise puts every client in one bucket);
 * - buffers the body under {@link AUTH_BODY_LIMIT} (413 above it; Better Auth reads without limit);
 * - refuses malformed JSON with a 400 (Better Auth answers it with an empty 500);
 * - adds `Retry-After` to 429 answers and a JSON body to body-less errors.
 */
export function createAuthHttpMiddleware(clientAddress: ClientAddressResolver) {
  return (req: NodeReq, res: NodeRes, next: () => unknown): void =>
    handle(clientAddress, req, res, next);
}

function handle(
  clientAddress: ClientAddressResolver,
  req: NodeReq,
  res: NodeRes,
  next: () => unknown,
): void {
  const nodeReq = req.raw ?? req;
  const nodeRes = res.raw ?? res;
  nodeReq.headers[CLIENT_IP_HEADER] = clientAddress(
    nodeReq.socket.remoteAddress,
    nodeReq.headers['x-forwarded-for'],
  );
  normaliseErrors(nodeRes);
  const method = nodeReq.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') {
    void next();
    return;
  }
  const declared = Number(nodeReq.headers['content-length']);
  if (declared > AUTH_BODY_LIMIT) {
    nodeReq.resume();
    tooLarge(nodeRes);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  nodeReq.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > AUTH_BODY_LIMIT) {
      refused = true;
      tooLarge(nodeRes);
      return;
    }
    chunks.push(chunk);
  });
  nodeReq.on('error', () => {
    refused = true;
  });
  nodeReq.on('end', () => {
    if (refused) return;
    if (size === 0) return void next();
    const text = Buffer.concat(chunks).toString('utf8');
    if (isJson(nodeReq) && text.trim()) {
      try {
        JSON.parse(text);
      } catch {
        sendJson(nodeRes, 400, {
          statusCode: 400,
          error: 'Bad Request',
          code: 'INVALID_JSON',
          message: 'request body is not valid JSON',
        });
        return;
      }
    }
    // better-call serialises a string `body` as is when the stream was already consumed.
    (nodeReq as NodeReq).body = text;
    void next();
  });
}
