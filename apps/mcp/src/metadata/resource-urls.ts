/** Path of the MCP endpoint. */
export const MCP_PATH = '/mcp';

/** The protected resource identifier (RFC 9728 `resource`, RFC 8707): the MCP endpoint's public URL. */
export function mcpResourceUrl(publicUrl: string): string {
  return `${publicUrl}${MCP_PATH}`;
}

/** Where clients find this server's RFC 9728 metadata: the path-aware well-known URL of the MCP endpoint. */
export function resourceMetadataUrl(publicUrl: string): string {
  return `${publicUrl}/.well-known/oauth-protected-resource${MCP_PATH}`;
}
