import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hasSeveralAuthorizationFields } from './authorization-header.js';
import type { GuardedRequest } from './jwt-auth.guard.js';

/** The IncomingMessage Node builds for the given raw header lines (Express hands this to guards). */
async function received(headers: string[]): Promise<IncomingMessage> {
  let seen: IncomingMessage | undefined;
  const server = createServer((req, res) => {
    seen = req;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => {
    const req = httpRequest(
      { port, host: '127.0.0.1', headers: ['host', 'x', ...headers] },
      (res) => {
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.end();
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return seen!;
}

describe('hasSeveralAuthorizationFields', () => {
  it('sees what Node folds away: two Authorization lines, whatever their case', async () => {
    const two = await received(['Authorization', 'Bearer a.b.c', 'authorization', 'Bearer d.e.f']);
    expect(two.headers.authorization).toBe('Bearer a.b.c'); // what the parsed headers say
    const asExpress = two as unknown as GuardedRequest;
    const asFastify = { headers: two.headers, raw: two } as unknown as GuardedRequest;
    expect(hasSeveralAuthorizationFields(asExpress)).toBe(true);
    expect(hasSeveralAuthorizationFields(asFastify)).toBe(true);

    const one = await received(['Authorization', 'Bearer a.b.c', 'X-Authorization', 'x']);
    expect(hasSeveralAuthorizationFields(one as unknown as GuardedRequest)).toBe(false);
    expect(hasSeveralAuthorizationFields({ headers: one.headers, raw: one })).toBe(false);
  });

  it('falls back to the parsed headers of a request without a raw list', () => {
    expect(hasSeveralAuthorizationFields({ headers: { authorization: ['a', 'b'] } })).toBe(true);
    expect(hasSeveralAuthorizationFields({ headers: { authorization: 'Bearer a.b.c' } })).toBe(
      false,
    );
  });
});
