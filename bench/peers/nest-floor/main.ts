/**
 * Reference, not a peer: the kit's `GET /me` work in a bare NestJS app. NestJS on Fastify with one
 * guard doing what `fastify-floor` does (jose on a token's first sight, then a map keyed by the
 * SHA-256 of the token until its `exp`) and a controller answering the same body. Against
 * `fastify-floor` it is the framework's own cost on that route; against the kit, the guard
 * library's.
 */
import 'reflect-metadata';
import { hash } from 'node:crypto';
import {
  Controller,
  Get,
  Injectable,
  Module,
  Req,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { joseChecks } from '../fastify.util.js';
import { meOf } from '../me.body.js';
import { peerOptions } from '../peer.options.js';

const options = peerOptions();
const keys = createRemoteJWKSet(new URL(options.jwksUri));

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: object;
}

@Injectable()
class MeGuard implements CanActivate {
  private readonly verified = new Map<string, { body: object; expMs: number }>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) {
      throw new UnauthorizedException();
    }
    const token = header.slice(7);
    const key = hash('sha256', token, 'base64url');
    const known = this.verified.get(key);
    if (known && known.expMs > Date.now()) {
      request.user = known.body;
      return true;
    }
    try {
      const { payload } = await jwtVerify(token, keys, joseChecks(options));
      request.user = meOf(payload, options.provider);
      this.verified.set(key, { body: request.user, expMs: payload.exp! * 1000 });
      return true;
    } catch {
      throw new UnauthorizedException();
    }
  }
}

@Controller()
class MeController {
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('me')
  @UseGuards(MeGuard)
  me(@Req() request: GuardedRequest) {
    return request.user;
  }
}

@Module({ controllers: [MeController], providers: [MeGuard] })
class PeerModule {}

const app = await NestFactory.create<NestFastifyApplication>(PeerModule, new FastifyAdapter(), {
  logger: ['error', 'warn'],
});
await app.listen({ port: options.port, host: '127.0.0.1' });
