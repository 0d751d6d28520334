/**
 * Peer: bare Fastify with jose's createRemoteJWKSet, the floor for JWT verification in Node.
 * Same route and checks as the kit (issuer, audience, algorithm allow-list, exp required).
 */
import Fastify from 'fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { joseChecks, unauthorized } from '../fastify.util.js';
import { peerOptions } from '../peer.options.js';

const options = peerOptions();
const keys = createRemoteJWKSet(new URL(options.jwksUri));
const app = Fastify({ logger: false });

app.get('/health/live', () => ({ status: 'ok' }));

app.get('/me', async (request, reply) => {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) {
    return unauthorized(reply, false);
  }
  try {
    const { payload } = await jwtVerify(header.slice(7), keys, joseChecks(options));
    return { sub: payload.sub };
  } catch {
    return unauthorized(reply, true);
  }
});

await app.listen({ port: options.port, host: '127.0.0.1' });
