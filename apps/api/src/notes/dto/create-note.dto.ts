import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NOTE_BODY_MAX, NOTE_TITLE_MAX } from '#notes';

/** Body of `POST /notes`. */
export class CreateNoteDto {
  @ApiProperty({ minLength: 1, maxLength: NOTE_TITLE_MAX, example: 'Groceries' })
  @IsString()
  @MinLength(1)
  @MaxLength(NOTE_TITLE_MAX)
  title: string;

  @ApiPropertyOptional({ maxLength: NOTE_BODY_MAX, default: '', example: 'eggs, milk' })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE_BODY_MAX)
  body?: string;

  @ApiPropertyOptional({
    description:
      'Share the note with your active organization (the token needs `org_id`); its members may read it',
  })
  @IsOptional()
  @IsBoolean()
  shared?: boolean;
}
