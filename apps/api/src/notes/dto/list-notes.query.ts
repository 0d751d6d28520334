import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NOTES_CURSOR_MAX, NOTES_PAGE_DEFAULT, NOTES_PAGE_MAX, NOTES_SEARCH_MAX } from '#notes';

/** Query of `GET /notes`. */
export class ListNotesQuery {
  @ApiPropertyOptional({
    description: 'Case-insensitive text to find in the title or body',
    maxLength: NOTES_SEARCH_MAX,
  })
  @IsOptional()
  @IsString()
  @MaxLength(NOTES_SEARCH_MAX)
  search?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: NOTES_PAGE_MAX, default: NOTES_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(NOTES_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(NOTES_CURSOR_MAX)
  cursor?: string;
}
