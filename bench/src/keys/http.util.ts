import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A started loopback HTTP server and its base URL. */
export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 (port 0 = any free port). */
export async function listen(handler: RequestListener, port = 0): Promise<Listening> {
  const server: Server = createServer({ keepAlive: true }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
