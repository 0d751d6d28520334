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
  StandardSchemaValidationPipe,
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
import {
  CurrentUser,
  OrgRoles,
  RequireAuthentication,
  RequireScopes,
  type Principal,
} from '#jwt-guard';
import {
  createNoteFields,
  listNotesQuery,
  NOTES_READ,
  NOTES_WRITE,
  noteInputError,
  NotesService,
  sharingTarget,
  updateNoteFields,
  type CreateNoteFields,
  type ListNotesQuery,
  type UpdateNoteFields,
} from '#notes';
import { DeletedNotesDto, NoteDto, NotesPageDto } from './dto/note.dto.js';
import { ApiErrorDto } from '../openapi/api-error.dto.js';
import { NotesErrorsFilter } from './notes-errors.filter.js';

/**
 * How recent a sign-in deleting every note needs (RFC 9470 `max_age`): an old token, or a stolen
 * one minted from a long-lived session, cannot wipe the notes without the user signing in again.
 */
export const DELETE_ALL_MAX_AGE_S = 300;

/**
 * Bodies and queries are held to the notes rules of `#notes` (the schemas also document them in
 * OpenAPI); the first broken rule is a 400 that names the field, through {@link NotesErrorsFilter}.
 */
const notesRules = new StandardSchemaValidationPipe({ exceptionFactory: noteInputError });
const listOptions = { schema: listNotesQuery, pipes: [notesRules] };

/** Organization roles that may read the notes shared with their organization: every member. */
export const ORGANIZATION_READERS = ['owner', 'admin', 'member'];

/**
 * CRUD on the caller's own notes. Someone else's note is a 404, exactly like a missing one, except
 * for reading a note its owner shared with the caller's active organization (the token's `org_id`).
 * Only the owner changes or deletes a note, shared or not.
 */
@ApiTags('notes')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'Missing or invalid token' })
@ApiForbiddenResponse({
  type: ApiErrorDto,
  description: 'The token lacks the needed scope (or, for /notes/shared, an organization)',
})
@ApiServiceUnavailableResponse({ type: ApiErrorDto, description: 'The database is unavailable' })
@UseFilters(NotesErrorsFilter)
@Controller('notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get()
  @RequireScopes(NOTES_READ)
  @ApiOkResponse({ type: NotesPageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Bad query (names the field)' })
  list(@CurrentUser() user: Principal, @Query(listOptions) query: ListNotesQuery) {
    return this.notes.list(user.sub, query);
  }

  @Post()
  @RequireScopes(NOTES_WRITE)
  @ApiCreatedResponse({ type: NoteDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Bad body (names the field)' })
  create(
    @CurrentUser() user: Principal,
    @Body({ schema: createNoteFields, pipes: [notesRules] }) { shared, ...body }: CreateNoteFields,
  ) {
    const organizationId = sharingTarget(shared, user.organization?.id);
    return this.notes.create(user.sub, { ...body, organizationId });
  }

  @Get('shared')
  @RequireScopes(NOTES_READ)
  @OrgRoles(...ORGANIZATION_READERS)
  @ApiOkResponse({
    type: NotesPageDto,
    description: 'The notes shared with the active organization of the token (`org_id`)',
  })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Bad query (names the field)' })
  shared(@CurrentUser() user: Principal, @Query(listOptions) query: ListNotesQuery) {
    // @OrgRoles let only a token with an organization through.
    return this.notes.listShared(user.organization!.id, query);
  }

  @Delete()
  @RequireScopes(NOTES_WRITE)
  @RequireAuthentication({ maxAgeS: DELETE_ALL_MAX_AGE_S })
  @ApiOkResponse({ type: DeletedNotesDto })
  @ApiUnauthorizedResponse({
    type: ApiErrorDto,
    description: `The sign-in is older than ${DELETE_ALL_MAX_AGE_S} s: 401 insufficient_user_authentication with max_age; sign in again`,
  })
  async removeAll(@CurrentUser() user: Principal): Promise<DeletedNotesDto> {
    return { deleted: await this.notes.removeAll(user.sub) };
  }

  @Get(':id')
  @ApiParam({ name: 'id', format: 'uuid', description: 'A note id' })
  @RequireScopes(NOTES_READ)
  @ApiOkResponse({ type: NoteDto })
  @ApiNotFoundResponse({
    type: ApiErrorDto,
    description: 'No such note of yours or shared with your active organization',
  })
  get(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.notes.get(user.sub, id, user.organization?.id);
  }

  @Patch(':id')
  @ApiParam({ name: 'id', format: 'uuid', description: 'A note id' })
  @RequireScopes(NOTES_WRITE)
  @ApiOkResponse({ type: NoteDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such note of yours' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Bad body (names the field)' })
  update(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @Body({ schema: updateNoteFields, pipes: [notesRules] }) { shared, ...body }: UpdateNoteFields,
  ) {
    const organizationId = sharingTarget(shared, user.organization?.id);
    return this.notes.update(user.sub, id, { ...body, organizationId });
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
