import {
  BadRequestException,
  Catch,
  NotFoundException,
  ServiceUnavailableException,
  type ArgumentsHost,
  type ExceptionFilter,
  type HttpException,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  NoteNotFoundError,
  NoteValidationError,
  NotesUnavailableError,
  type NotesError,
} from '#notes';

/** Seconds a client should wait before retrying when the database is unavailable. */
const RETRY_AFTER_S = 5;

/**
 * Maps a notes domain error to its HTTP answer: not found → 404, invalid input → 400 naming the
 * field, database unavailable → 503.
 */
export function notesHttpError(error: NotesError): HttpException {
  if (error instanceof NoteValidationError) {
    return new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: [error.message],
      field: error.field,
    });
  }
  if (error instanceof NotesUnavailableError) {
    return new ServiceUnavailableException({
      statusCode: 503,
      error: 'Service Unavailable',
      message: error.message,
    });
  }
  return new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'note not found' });
}

/** The one place the notes domain's errors become HTTP answers. */
@Catch(NoteNotFoundError, NoteValidationError, NotesUnavailableError)
export class NotesErrorsFilter implements ExceptionFilter {
  catch(error: NotesError, host: ArgumentsHost): void {
    const http = notesHttpError(error);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof NotesUnavailableError)
      void reply.header('retry-after', String(RETRY_AFTER_S));
    void reply.status(http.getStatus()).send(http.getResponse());
  }
}
