import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The JSON body of every error answer. */
export class ApiErrorDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiPropertyOptional({ example: 'Bad Request' })
  error?: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['title must be shorter than or equal to 200 characters'],
  })
  message: string | string[];
}
