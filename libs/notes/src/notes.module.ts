import { Module } from '@nestjs/common';
import { NotesService } from './notes.service.js';

/**
 * The notes domain. Needs `PrismaService`, which `DatabaseModule` provides globally.
 * @example imports: [DatabaseModule.forRootAsync(...), NotesModule]
 */
@Module({ providers: [NotesService], exports: [NotesService] })
export class NotesModule {}
