import { hostName, isLoopbackBind, rebindingPolicy, rebindingViolation } from './dns-rebinding.js';

describe('DNS-rebinding policy', () => {
  const policy = rebindingPolicy('http://localhost:3002');

  it('knows which binds are loopback', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']) {
      expect(isLoopbackBind(host)).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      expect(isLoopbackBind(host)).toBe(false);
    }
  });

  it('parses Host headers', () => {
    expect(hostName('LocalHost:3002')).toBe('localhost');
    expect(hostName('[::1]:80')).toBe('[::1]');
    expect(hostName('127.0.0.1')).toBe('127.0.0.1');
    expect(hostName('evil.com:80:90')).toBeUndefined();
    expect(hostName('a b')).toBeUndefined();
  });

  it('accepts loopback hosts on any port, with no Origin or a loopback Origin', () => {
    for (const host of ['localhost:3002', '127.0.0.1:45678', '[::1]:3002', 'localhost']) {
      expect(rebindingViolation(policy, host, undefined)).toBeUndefined();
    }
    for (const origin of ['http://localhost:6274', 'http://127.0.0.1', 'https://[::1]:8443']) {
      expect(rebindingViolation(policy, 'localhost:3002', origin)).toBeUndefined();
    }
  });

  it('refuses other hosts and origins', () => {
    expect(rebindingViolation(policy, 'evil.example:3002', undefined)).toMatch(/Host/);
    expect(rebindingViolation(policy, undefined, undefined)).toMatch(/Host/);
    expect(rebindingViolation(policy, 'localhost.evil.example', undefined)).toMatch(/Host/);
    for (const origin of [
      'http://evil.example',
      'null',
      'file://',
      'http://localhost.evil.example',
    ]) {
      expect(rebindingViolation(policy, 'localhost:3002', origin)).toMatch(/Origin/);
    }
  });

  it("also accepts MCP_URL's host and origin (a local reverse proxy)", () => {
    const proxied = rebindingPolicy('https://mcp.example.com');
    expect(
      rebindingViolation(proxied, 'mcp.example.com', 'https://mcp.example.com'),
    ).toBeUndefined();
    expect(rebindingViolation(proxied, 'mcp.example.com', 'http://mcp.example.com')).toMatch(
      /Origin/,
    );
  });

  it('keeps an Origin check when bound to all interfaces: MCP_URL and MCP_ALLOWED_ORIGINS only', () => {
    const open = rebindingPolicy('https://mcp.example.com', '0.0.0.0', ['https://app.example.org']);
    // Any Host: the name is the proxy's and DNS's business once the server is reachable.
    expect(rebindingViolation(open, 'mcp.example.com', undefined)).toBeUndefined();
    expect(rebindingViolation(open, '10.0.0.7:3002', undefined)).toBeUndefined();
    for (const origin of ['https://mcp.example.com', 'https://app.example.org']) {
      expect(rebindingViolation(open, 'mcp.example.com', origin)).toBeUndefined();
    }
    for (const origin of [
      'https://evil.example',
      'http://localhost:6274',
      'null',
      'https://app.example.org.evil.example',
      'https://mcp.example.com, https://evil.example',
    ]) {
      expect(rebindingViolation(open, 'mcp.example.com', origin)).toMatch(/Origin/);
    }
  });

  it('accepts loopback origins on an all-interfaces bind while MCP_URL is itself loopback (local trial)', () => {
    const trial = rebindingPolicy('http://localhost:3002', '0.0.0.0');
    expect(rebindingViolation(trial, 'localhost:3002', 'http://localhost:6274')).toBeUndefined();
    expect(rebindingViolation(trial, 'localhost:3002', 'http://evil.example')).toMatch(/Origin/);
  });

  it('adds MCP_ALLOWED_ORIGINS on a loopback bind too', () => {
    const local = rebindingPolicy('http://localhost:3002', '127.0.0.1', [
      'https://app.example.org',
    ]);
    expect(rebindingViolation(local, 'localhost:3002', 'https://app.example.org')).toBeUndefined();
    expect(rebindingViolation(local, 'localhost:3002', 'https://other.example.org')).toMatch(
      /Origin/,
    );
  });
});
