import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '#jwt-guard';
import { ProtectedResourceService } from './protected-resource.service.js';

/**
 * RFC 9728 metadata, public. Served at the path-aware URL of the MCP endpoint (what the 401
 * challenge's `resource_metadata` names) and at the root well-known URL, where clients that
 * ignore the challenge look first.
 */
@Public()
@Controller('.well-known')
export class ProtectedResourceController {
  constructor(private readonly metadata: ProtectedResourceService) {}

  @Get(['oauth-protected-resource', 'oauth-protected-resource/mcp'])
  @Header('Cache-Control', 'public, max-age=300')
  get() {
    return this.metadata.metadata();
  }
}
