/**
 * Peer: NestJS on Fastify with @nestjs/passport + passport-jwt + jwks-rsa, the common recipe.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { peerOptions } from '../peer.options.js';
import { PeerModule } from './peer.module.js';

const options = peerOptions();
const app = await NestFactory.create<NestFastifyApplication>(
  PeerModule.forRoot(options),
  new FastifyAdapter(),
  { logger: ['error', 'warn'] },
);
await app.listen({ port: options.port, host: '127.0.0.1' });
