import { Inject, Injectable } from '@nestjs/common';
import { mcpConfig, type McpConfig } from '#config';
import { InjectJwksProvider, type JwksProvider } from '#jwt-guard';
import { SUPPORTED_SCOPES } from '../mcp/mcp.scopes.js';
import { mcpResourceUrl } from './resource-urls.js';

/** RFC 9728 OAuth 2.0 Protected Resource Metadata, the fields this server publishes. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  bearer_methods_supported: string[];
  scopes_supported: string[];
  resource_name: string;
}

/**
 * This server's protected resource metadata. The authorization server is the issuer the bound
 * {@link JwksProvider} trusts (local: AUTH_URL; managed providers: their issuer), so the document
 * follows `AUTH_PROVIDER` with no extra setting.
 */
@Injectable()
export class ProtectedResourceService {
  constructor(
    @Inject(mcpConfig.KEY) private readonly config: McpConfig,
    @InjectJwksProvider() private readonly keys: JwksProvider,
  ) {}

  metadata(): ProtectedResourceMetadata {
    return {
      resource: mcpResourceUrl(this.config.publicUrl),
      authorization_servers: [this.keys.issuer],
      bearer_methods_supported: ['header'],
      scopes_supported: [...SUPPORTED_SCOPES],
      resource_name: 'Notes MCP server',
    };
  }
}
