import type { FastifyReply } from 'fastify';
import type { JWTVerifyOptions } from 'jose';
import type { PeerOptions } from './peer.options.js';

/** What the Fastify peers have jose check: issuer, audience, algorithm allow-list, `exp` and `sub`. */
export function joseChecks(options: PeerOptions): JWTVerifyOptions {
  return {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: options.algorithms,
    requiredClaims: ['exp', 'sub'],
  };
}

/** Their 401: a bare challenge without a bearer token, `invalid_token` for a bad one. */
export function unauthorized(reply: FastifyReply, invalid: boolean): FastifyReply {
  return reply
    .code(401)
    .header('www-authenticate', invalid ? 'Bearer error="invalid_token"' : 'Bearer')
    .send({ message: 'Unauthorized' });
}
