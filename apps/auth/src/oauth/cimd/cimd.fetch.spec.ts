import { isClientIdUrl, isPrivateAddress } from './cimd.fetch.js';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '0.0.0.0',
  ])('refuses %s', (address) => expect(isPrivateAddress(address)).toBe(true));
  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '8.8.8.8'])(
    'allows %s',
    (address) => expect(isPrivateAddress(address)).toBe(false),
  );
});

describe('isClientIdUrl', () => {
  it('takes https URLs with a path only', () => {
    expect(isClientIdUrl('https://app.example/oauth/client.json')).toBe(true);
    expect(isClientIdUrl('https://app.example/')).toBe(false);
    expect(isClientIdUrl('http://app.example/client.json')).toBe(false);
    expect(isClientIdUrl('https://user:pw@app.example/client.json')).toBe(false);
    expect(isClientIdUrl('https://app.example/client.json#x')).toBe(false);
    expect(isClientIdUrl('aB3dRandomClientId')).toBe(false);
  });
});
