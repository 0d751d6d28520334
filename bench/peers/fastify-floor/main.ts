/**
 * Reference, not a peer: the least a Node server can do for the kit's `GET /me`. Bare Fastify,
 * jose on a token's first sight, then the kit's technique without a framework around it: a map
 * keyed by the SHA-256 of the token, holding the answer until the token's `exp`. Its `/me` answers
 * the same body as the kit's, so its `/me` against its own `/health/live` is the best ratio this
 * machine allows that route (the ceiling for the 0.85x target).
 */
import { hash } from 'node:crypto';
import Fastify from 'fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { joseChecks, unauthorized } from '../fastify.util.js';
import { meOf } from '../me.body.js';
import { peerOptions } from '../peer.options.js';

const options = peerOptions();
const keys = createRemoteJWKSet(new URL(options.jwksUri));
const verified = new Map<string, { body: object; expMs: number }>();
const app = Fastify({ logger: false });

app.get('/health/live', () => ({ status: 'ok' }));

app.get('/me', async (request, reply) => {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) {
    return unauthorized(reply, false);
  }
  const token = header.slice(7);
  const key = hash('sha256', token, 'base64url');
  const known = verified.get(key);
  if (known && known.expMs > Date.now()) return known.body;
  try {
    const { payload } = await jwtVerify(token, keys, joseChecks(options));
    const body = meOf(payload, options.provider);
    verified.set(key, { body, expMs: payload.exp! * 1000 });
    return body;
  } catch {
    return unauthorized(reply, true);
  }
});

await app.listen({ port: options.port, host: '127.0.0.1' });
