import { Logger } from '@nestjs/common';
import { APIError } from 'better-auth/api';
import type { FastifyInstance } from 'fastify';

/** What a document route sends: the document, a 304 for a current copy, or an error. */
export interface DocumentAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Answers a `GET` carrying `ifNoneMatch` (the client's `If-None-Match`, if any). */
export type DocumentSource = (ifNoneMatch: string | undefined) => Promise<DocumentAnswer>;

const logger = new Logger('Documents');

/** Better Auth's errors (503 while the database is down, ...) keep their status; anything else is a 500. */
export function documentError(error: unknown): DocumentAnswer {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  if (error instanceof APIError) {
    const body = { statusCode: error.statusCode, ...error.body };
    return { status: error.statusCode, headers: json, body: JSON.stringify(body) };
  }
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  const body = {
    statusCode: 500,
    error: 'Internal Server Error',
    message: 'Internal server error',
  };
  return { status: 500, headers: json, body: JSON.stringify(body) };
}

/**
 * Serves `GET` (and Fastify's `HEAD`) `path` from `source` as a plain Fastify route. The documents
 * served so (the key set and the discovery documents) are public and kept in memory; Nest's
 * per-request machinery (global guard, parameter resolution, exception filter) cost them a fifth of
 * `/health/live`'s throughput and gave them nothing. Fastify's hooks, the CORS policy among them,
 * still run. Errors are answered by {@link documentError}, in the exception filter's shape.
 */
export function serveDocument(
  fastify: FastifyInstance,
  path: string,
  source: DocumentSource,
): void {
  fastify.get(path, async (request, reply) => {
    const ifNoneMatch = request.headers['if-none-match'];
    const answer = await source(ifNoneMatch).catch(documentError);
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  });
}
