import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NOTE_BODY_MAX, NOTE_TITLE_MAX } from '#notes';

/** Body of `PATCH /notes/:id`: the fields to change (at least one). */
export class UpdateNoteDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: NOTE_TITLE_MAX })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(NOTE_TITLE_MAX)
  title?: string;

  @ApiPropertyOptional({ maxLength: NOTE_BODY_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE_BODY_MAX)
  body?: string;

  @ApiPropertyOptional({
    description:
      'true: share with your active organization (the token needs `org_id`); false: make it private again',
  })
  @IsOptional()
  @IsBoolean()
  shared?: boolean;
}
