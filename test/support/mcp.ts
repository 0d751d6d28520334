/**
 * The JSON-RPC `initialize` request an MCP client opens a session with, for raw Streamable HTTP
 * POSTs to `/mcp` (tests, the security battery, the bench). `clientInfo` names the caller.
 * @example
 * const body = JSON.stringify(mcpInitialize({ name: 'raw', version: '0' }));
 * await fetch(endpoint, { method: 'POST', headers, body });
 */
export function mcpInitialize(clientInfo: { name: string; version: string }) {
  return {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo,
    },
  };
}
