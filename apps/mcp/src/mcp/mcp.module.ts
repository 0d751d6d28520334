import { Module } from '@nestjs/common';
import { NotesModule } from '#notes';
import { ProtectedResourceController } from '../metadata/protected-resource.controller.js';
import { ProtectedResourceService } from '../metadata/protected-resource.service.js';
import { DnsRebindingHook } from '../security/dns-rebinding.hook.js';
import { McpHttpService } from './mcp-http.service.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { McpController } from './mcp.controller.js';

/** The MCP endpoint, its protected resource metadata and its DNS-rebinding protection. */
@Module({
  imports: [NotesModule],
  controllers: [McpController, ProtectedResourceController],
  providers: [McpHttpService, McpServerFactory, ProtectedResourceService, DnsRebindingHook],
})
export class McpModule {}
