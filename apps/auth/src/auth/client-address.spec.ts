import { clientAddressResolver } from './client-address.js';

describe('clientAddressResolver', () => {
  it('ignores X-Forwarded-For without trusted proxies', () => {
    const resolve = clientAddressResolver([]);
    expect(resolve('::ffff:198.51.100.7', '203.0.113.1')).toBe('198.51.100.7');
  });

  it('takes the rightmost untrusted hop when the peer is a trusted proxy', () => {
    const resolve = clientAddressResolver(['10.0.0.0/8', '192.0.2.10']);
    expect(resolve('10.1.2.3', '203.0.113.1')).toBe('203.0.113.1');
    // A client-written left part cannot win over the hop the proxy appended.
    expect(resolve('10.1.2.3', '1.1.1.1, 203.0.113.1, 192.0.2.10')).toBe('203.0.113.1');
    expect(resolve('10.1.2.3', 'garbage, 203.0.113.1')).toBe('203.0.113.1');
    expect(resolve('10.1.2.3', '203.0.113.1, not-an-ip')).toBe('10.1.2.3');
    expect(resolve('10.1.2.3', undefined)).toBe('10.1.2.3');
  });

  it('does not trust X-Forwarded-For from a peer that is not a trusted proxy', () => {
    const resolve = clientAddressResolver(['10.0.0.0/8']);
    expect(resolve('198.51.100.7', '10.0.0.1')).toBe('198.51.100.7');
  });

  it('handles IPv6 proxies', () => {
    const resolve = clientAddressResolver(['fd00::/8']);
    expect(resolve('fd00::1', '2001:db8::5')).toBe('2001:db8::5');
  });
});
