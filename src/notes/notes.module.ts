import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NotesRepository } from './notes.repository';
import { NotesService } from './notes.service';

@Module({
  imports: [AuthModule],
  providers: [NotesRepository, NotesService],
  exports: [NotesService],
})
export class NotesModule {}
