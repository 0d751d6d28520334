import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { serveDocument } from '../well-known/document.route.js';
import {
  AUTH_SERVER_METADATA_PATH,
  OPENID_CONFIGURATION_PATH,
  OAuthDiscoveryService,
} from './oauth-discovery.service.js';

/** The public discovery documents of the authorization server, from memory. */
@Injectable()
export class OAuthDiscoveryRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly discovery: OAuthDiscoveryService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    serveDocument(fastify, AUTH_SERVER_METADATA_PATH, (ifNoneMatch) =>
      this.discovery.authorizationServer(ifNoneMatch),
    );
    serveDocument(fastify, OPENID_CONFIGURATION_PATH, (ifNoneMatch) =>
      this.discovery.openIdConfiguration(ifNoneMatch),
    );
  }
}
