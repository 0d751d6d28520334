import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { APIError } from 'better-auth/api';
import Fastify, { type FastifyInstance } from 'fastify';
import { serveDocument, type DocumentAnswer, type DocumentSource } from './document.route.js';

describe('serveDocument', () => {
  let fastify: FastifyInstance;
  let base: string;
  let source: DocumentSource;
  const seen: (string | undefined)[] = [];

  beforeAll(async () => {
    fastify = Fastify();
    serveDocument(fastify, '/.well-known/doc', (ifNoneMatch) => {
      seen.push(ifNoneMatch);
      return source(ifNoneMatch);
    });
    base = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => fastify.close());
  beforeEach(() => {
    seen.length = 0;
  });

  it('sends the answer of its source, with its status and headers, and hands it If-None-Match', async () => {
    source = (ifNoneMatch) =>
      Promise.resolve<DocumentAnswer>(
        ifNoneMatch === '"v1"'
          ? { status: 304, headers: { etag: '"v1"' }, body: '' }
          : {
              status: 200,
              headers: { etag: '"v1"', 'content-type': 'application/json' },
              body: '{"a":1}',
            },
      );
    const fresh = await fetch(`${base}/.well-known/doc`);
    expect([fresh.status, fresh.headers.get('etag'), await fresh.text()]).toEqual([
      200,
      '"v1"',
      '{"a":1}',
    ]);
    const current = await fetch(`${base}/.well-known/doc`, {
      headers: { 'if-none-match': '"v1"' },
    });
    expect([current.status, await current.text()]).toEqual([304, '']);
    expect(seen).toEqual([undefined, '"v1"']);
  });

  it('answers HEAD with the headers and no body', async () => {
    source = () => Promise.resolve({ status: 200, headers: { etag: '"v2"' }, body: '{"keys":[]}' });
    const res = await fetch(`${base}/.well-known/doc`, { method: 'HEAD' });
    expect([res.status, res.headers.get('etag'), await res.text()]).toEqual([200, '"v2"', '']);
  });

  it("keeps the status and body of Better Auth's errors", async () => {
    source = () =>
      Promise.reject(new APIError('SERVICE_UNAVAILABLE', { message: 'database down' }));
    const res = await fetch(`${base}/.well-known/doc`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ statusCode: 503, message: 'database down' });
  });

  it('answers any other failure with a plain 500 and logs the cause, which never reaches the client', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    source = () => Promise.reject(new Error('secret connection string postgres://u:pw@db'));
    const res = await fetch(`${base}/.well-known/doc`);
    const body = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(body)).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
    expect(body).not.toContain('postgres://');
    expect(String(logged.mock.calls[0]?.[0])).toContain('secret connection string');
    logged.mockRestore();
  });
});
