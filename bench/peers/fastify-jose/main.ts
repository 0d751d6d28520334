/**
 * Peer: bare Fastify with jose's createRemoteJWKSet, the floor for JWT verification in Node.
 * Same route and checks as the kit (issuer, audience, algorithm allow-list, exp required).
 */
import Fastify from 'fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { peerOptions } from '../peer.options.js';

const options = peerOptions();
const keys = createRemoteJWKSet(new URL(options.jwksUri));
const app = Fastify({ logger: false });

app.get('/health/live', () => ({ status: 'ok' }));

app.get('/me', async (request, reply) => {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) {
    return reply.code(401).header('www-authenticate', 'Bearer').send({ message: 'Unauthorized' });
  }
  try {
    const { payload } = await jwtVerify(header.slice(7), keys, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: options.algorithms,
      requiredClaims: ['exp', 'sub'],
    });
    return { sub: payload.sub };
  } catch {
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer error="invalid_token"')
      .send({ message: 'Unauthorized' });
  }
});

await app.listen({ port: options.port, host: '127.0.0.1' });
