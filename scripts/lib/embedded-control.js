// The embedded database server's control channel: a local socket beside its data directory. Every
// process that needs the database (an app launcher) holds one connection open for as long as it
// runs; that connection is its lease. A shared server stops once its last lease is gone, so stopping
// one app never stops the database under the others, and a crashed launcher (whose connection the
// OS closes) is released like a stopped one. Lines on the channel, server to client:
//   `ready <port>`    the database is migrated and served on 127.0.0.1:<port>
//   `error <message>` it could not start; the connection then closes
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Unix socket paths are limited to about 104 bytes; longer ones move to the temp directory. */
const MAX_SOCKET_PATH = 100;

/** Where the server of `dataDir` listens: `<dataDir>.sock`, or a named pipe on Windows. */
export function controlPath(dataDir) {
  const absolute = resolve(dataDir);
  const id = createHash('sha256').update(absolute).digest('hex').slice(0, 16);
  if (process.platform === 'win32') return `\\\\.\\pipe\\kit-embedded-db-${id}`;
  const beside = `${absolute}.sock`;
  return beside.length <= MAX_SOCKET_PATH ? beside : join(tmpdir(), `kit-embedded-db-${id}.sock`);
}

/**
 * Connects to the control channel and waits for the server's verdict. Resolves
 * `{ state: 'ready', port, socket }` (the socket is the lease: end it to release),
 * `{ state: 'absent' }` when no server listens or it hung up before answering, or
 * `{ state: 'error', message }` when the server reported that it could not start.
 */
export function requestLease(path) {
  return new Promise((resolvePromise) => {
    const socket = connect(path);
    let buffer = '';
    let settled = false;
    const settle = (result) => {
      if (settled) return;
      settled = true;
      if (result.state !== 'ready') socket.destroy();
      resolvePromise(result);
    };
    socket.setEncoding('utf8');
    socket.on('error', () => settle({ state: 'absent' }));
    socket.on('close', () => settle({ state: 'absent' }));
    socket.on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n')[0];
      if (!buffer.includes('\n')) return;
      if (line.startsWith('ready '))
        settle({ state: 'ready', port: Number(line.slice(6)), socket });
      else if (line.startsWith('error ')) settle({ state: 'error', message: line.slice(6) });
      else settle({ state: 'absent' });
    });
  });
}

/** True when a server listens on the control channel (it may still be starting). */
export function controlAnswers(path) {
  return new Promise((resolvePromise) => {
    const socket = connect(path);
    socket.on('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.on('error', () => resolvePromise(false));
  });
}
