import { ApiProperty } from '@nestjs/swagger';
import type { Note, NotesPage } from '#notes';

/** A note as the API returns it. */
export class NoteDto implements Note {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  body: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The organization the note is shared with (its members may read it), or null',
  })
  organizationId: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

/** A page of notes, newest first. */
export class NotesPageDto implements NotesPage {
  @ApiProperty({ type: [NoteDto] })
  items: NoteDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page' })
  nextCursor: string | null;
}

/** The answer to deleting every note of the caller. */
export class DeletedNotesDto {
  @ApiProperty({ description: 'How many notes were deleted' })
  deleted: number;
}
