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
});
