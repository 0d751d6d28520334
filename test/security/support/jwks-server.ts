import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How a {@link JwksServer} answers. */
export type JwksMode =
  | 'ok'
  /** 503 with a JSON error body. */
  | 'error'
  /** The TCP connection is destroyed without an answer. */
  | 'reset'
  /** Never answers (until the mode changes or the server closes). */
  | 'hang'
  /** 200 with a body that is not JSON. */
  | 'garbage'
  /** 200 with JSON that is not a key set. */
  | 'not-a-jwks'
  /** 302 to `redirectTo`. */
  | 'redirect'
  /** 200 with a very large body (`hugeBytes`). */
  | 'huge';

/**
 * A local HTTP server in front of a key set whose behaviour a test switches at run time, and which
 * counts every request it receives. Also used, with no keys, as the attacker's server that must
 * never be contacted (`jku`, `x5u`, redirects).
 */
export class JwksServer {
  mode: JwksMode = 'ok';
  /** Requests received, by path. */
  readonly hits: string[] = [];
  redirectTo = 'http://127.0.0.1:9/jwks';
  hugeBytes = 8 * 1024 * 1024;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();

  private constructor(private body: () => unknown) {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts a server on a free loopback port answering `body()` as JSON in mode `ok`. */
  static async start(body: () => unknown = () => ({ keys: [] })): Promise<JwksServer> {
    const server = new JwksServer(body);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The URL of the key set. */
  get url(): string {
    return `${this.origin}/jwks`;
  }

  get count(): number {
    return this.hits.length;
  }

  setBody(body: () => unknown): void {
    this.body = body;
  }

  /** Changes the behaviour; releasing any request left hanging by `hang`. */
  setMode(mode: JwksMode): void {
    this.mode = mode;
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.hits.push(req.url ?? '/');
    switch (this.mode) {
      case 'ok':
        return this.json(res, 200, this.body());
      case 'error':
        return this.json(res, 503, { error: 'unavailable' });
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('<html>\u0000\u00ff not json {{{');
        return;
      case 'not-a-jwks':
        return this.json(res, 200, { keys: 'nope', kty: 42 });
      case 'redirect':
        res.writeHead(302, { location: this.redirectTo });
        res.end();
        return;
      case 'huge': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        res.write('{"keys":[');
        let sent = 0;
        const pump = (): void => {
          while (sent < this.hugeBytes) {
            sent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end(']}');
        };
        res.on('error', () => undefined);
        pump();
        return;
      }
    }
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }
}
