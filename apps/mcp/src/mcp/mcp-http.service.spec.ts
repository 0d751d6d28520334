import { EventEmitter } from 'node:events';
import { jest } from '@jest/globals';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { McpConfig } from '#config';
import type { Principal } from '#jwt-guard';
import { McpHttpService } from './mcp-http.service.js';
import type { McpServerFactory } from './mcp-server.factory.js';

const principal = { sub: 'user-1', scopes: [], roles: [] } as unknown as Principal;
const ping = { jsonrpc: '2.0', id: 7, method: 'ping' };

/** A server that answers every request with `{}` (or never, when `answer` is false). */
function stubServer(answer: boolean) {
  return {
    close: jest.fn(() => Promise.resolve()),
    connect(transport: Transport) {
      transport.onmessage = (message: JSONRPCMessage) => {
        if (answer && 'id' in message && 'method' in message) {
          void transport.send({ jsonrpc: '2.0', id: message.id, result: {} });
        }
      };
      return transport.start();
    },
  };
}

/** A hijackable reply whose raw response records what is written. */
function fakeReply() {
  const sent: Record<string, string> = {};
  const raw = Object.assign(new EventEmitter(), {
    headersSent: false,
    writableFinished: false,
    status: 0,
    headers: sent,
    body: '',
    writeHead(status: number, headers: Record<string, string>) {
      raw.status = status;
      Object.assign(sent, headers);
      raw.headersSent = true;
    },
    end(body: string) {
      raw.body = body;
      raw.writableFinished = true;
    },
  });
  return { raw, reply: { raw, hijack: jest.fn() } as unknown as FastifyReply };
}

function service(server: ReturnType<typeof stubServer>) {
  const servers = { create: () => server } as unknown as McpServerFactory;
  const config = { publicUrl: 'http://127.0.0.1:3002' } as McpConfig;
  return new McpHttpService(servers, config, {});
}

const request = {
  body: ping,
  url: '/mcp',
  method: 'POST',
  raw: {
    rawHeaders: [
      'Content-Type',
      'application/json',
      'Accept',
      'application/json, text/event-stream',
    ],
  },
} as unknown as FastifyRequest;

describe('McpHttpService', () => {
  it('writes the transport answer as one JSON response and drops the server once it is sent', async () => {
    const server = stubServer(true);
    const { raw, reply } = fakeReply();
    await service(server).handle(principal, request, reply);
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toBe('application/json');
    expect(JSON.parse(raw.body)).toEqual({ jsonrpc: '2.0', id: 7, result: {} });
    raw.emit('close');
    expect(server.close).not.toHaveBeenCalled();
  });

  it('closes the server, aborting its handlers, when the response is cut short', async () => {
    const server = stubServer(false);
    const { raw, reply } = fakeReply();
    void service(server).handle(principal, request, reply);
    await new Promise((resolve) => setImmediate(resolve));
    raw.emit('close');
    expect(server.close).toHaveBeenCalledTimes(1);
    expect(raw.headersSent).toBe(false);
  });

  it("keeps the SDK transport's own checks (406 without an acceptable Accept)", async () => {
    const server = stubServer(true);
    const { raw, reply } = fakeReply();
    const html = {
      ...request,
      raw: { rawHeaders: ['Content-Type', 'application/json', 'Accept', 'text/html'] },
    } as unknown as FastifyRequest;
    await service(server).handle(principal, html, reply);
    expect(raw.status).toBe(406);
    expect(JSON.parse(raw.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
  });
});
