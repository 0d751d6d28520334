import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/** Fastify errors that are the client's fault carry a 4xx `statusCode` (bad JSON, body too large, ...). */
function clientErrorStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * The one place errors become HTTP answers. HttpExceptions keep their status and body; Fastify's
 * own client errors (malformed JSON, 413) keep their 4xx; anything else is a plain 500 whose cause
 * is logged, never sent.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof HttpException) {
      const body = error.getResponse();
      void reply
        .status(error.getStatus())
        .send(typeof body === 'string' ? { statusCode: error.getStatus(), message: body } : body);
      return;
    }
    const clientStatus = clientErrorStatus(error);
    if (clientStatus) {
      void reply.status(clientStatus).send({
        statusCode: clientStatus,
        error: HttpStatus[clientStatus],
        message: (error as Error).message,
      });
      return;
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    void reply
      .status(500)
      .send({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
  }
}
