import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { PeerOptions } from '../peer.options.js';

export const PEER_OPTIONS = Symbol('PEER_OPTIONS');

/** The recipe from NestJS and Auth0 guides: passport-jwt with a jwks-rsa key provider. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(@Inject(PEER_OPTIONS) options: PeerOptions) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: passportJwtSecret({
        jwksUri: options.jwksUri,
        cache: true,
        rateLimit: true,
        jwksRequestsPerMinute: 10,
      }),
      issuer: options.issuer,
      audience: options.audience,
      algorithms: options.algorithms as never,
    });
  }

  validate(payload: { sub?: string }) {
    return payload;
  }
}
