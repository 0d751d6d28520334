import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, RequireScopes, type Principal } from '#jwt-guard';
import { NOTES_READ, NOTES_WRITE, NotesService } from '#notes';
import { CreateNoteDto } from './dto/create-note.dto.js';
import { ListNotesQuery } from './dto/list-notes.query.js';
import { NoteDto, NotesPageDto } from './dto/note.dto.js';
import { ApiErrorDto } from '../openapi/api-error.dto.js';
import { UpdateNoteDto } from './dto/update-note.dto.js';
import { NotesErrorsFilter } from './notes-errors.filter.js';

/** CRUD on the caller's own notes. Someone else's note is a 404, exactly like a missing one. */
@ApiTags('notes')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'Missing or invalid token' })
@ApiForbiddenResponse({ type: ApiErrorDto, description: 'The token lacks the needed scope' })
@ApiServiceUnavailableResponse({ type: ApiErrorDto, description: 'The database is unavailable' })
@UseFilters(NotesErrorsFilter)
@Controller('notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get()
  @RequireScopes(NOTES_READ)
  @ApiOkResponse({ type: NotesPageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Bad query (names the field)' })
  list(@CurrentUser() user: Principal, @Query() query: ListNotesQuery) {
    return this.notes.list(user.sub, query);
  }

  @Post()
  @RequireScopes(NOTES_WRITE)
  @ApiCreatedResponse({ type: NoteDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Bad body (names the field)' })
  create(@CurrentUser() user: Principal, @Body() body: CreateNoteDto) {
    return this.notes.create(user.sub, body);
  }

  @Get(':id')
  @ApiParam({ name: 'id', format: 'uuid', description: 'A note id' })
  @RequireScopes(NOTES_READ)
  @ApiOkResponse({ type: NoteDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such note of yours' })
  get(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.notes.get(user.sub, id);
  }

  @Patch(':id')
  @ApiParam({ name: 'id', format: 'uuid', description: 'A note id' })
  @RequireScopes(NOTES_WRITE)
  @ApiOkResponse({ type: NoteDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such note of yours' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Bad body (names the field)' })
  update(@CurrentUser() user: Principal, @Param('id') id: string, @Body() body: UpdateNoteDto) {
    return this.notes.update(user.sub, id, body);
  }

  @Delete(':id')
  @ApiParam({ name: 'id', format: 'uuid', description: 'A note id' })
  @HttpCode(204)
  @RequireScopes(NOTES_WRITE)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such note of yours' })
  remove(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.notes.remove(user.sub, id);
  }
}
