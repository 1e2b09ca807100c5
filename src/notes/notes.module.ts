import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NotesRepository } from './notes.repository';
import { NotesResolver } from './notes.resolver';
import { NotesService } from './notes.service';
import { LeadNotesResolver, MeetingNotesResolver, OrganisationNotesResolver, PersonNotesResolver } from './record-notes.resolver';

/** Notes on organisations, people, meetings and leads (attached by type and id). */
@Module({
  imports: [AuthModule],
  providers: [
    NotesRepository,
    NotesService,
    NotesResolver,
    OrganisationNotesResolver,
    PersonNotesResolver,
    MeetingNotesResolver,
    LeadNotesResolver,
  ],
  exports: [NotesService],
})
export class NotesModule {}
