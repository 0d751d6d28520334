import {
  BadRequestException,
  Catch,
  NotFoundException,
  type ArgumentsHost,
  type ExceptionFilter,
  type HttpException,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { NoteNotFoundError, NoteValidationError, type NotesError } from '#notes';

/** Maps a notes domain error to its HTTP answer: not found → 404, invalid input → 400 naming the field. */
export function notesHttpError(error: NotesError): HttpException {
  if (error instanceof NoteValidationError) {
    return new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: [error.message],
      field: error.field,
    });
  }
  return new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'note not found' });
}

/** The one place the notes domain's errors become HTTP answers. */
@Catch(NoteNotFoundError, NoteValidationError)
export class NotesErrorsFilter implements ExceptionFilter {
  catch(error: NotesError, host: ArgumentsHost): void {
    const http = notesHttpError(error);
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(http.getStatus())
      .send(http.getResponse());
  }
}
