import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { NotesModule } from '../notes/notes.module';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { TasksModule } from '../tasks/tasks.module';
import { TimelineRepository } from './timeline.repository';
import { OrganisationTimelineResolver, TimelineEntryResolver } from './timeline.resolver';
import { TimelineService } from './timeline.service';

/** Reads across features to merge an organisation's history; nothing depends on it. */
@Module({
  imports: [MeetingsModule, LeadsModule, PartnershipsModule, TasksModule, NotesModule],
  providers: [TimelineRepository, TimelineService, OrganisationTimelineResolver, TimelineEntryResolver],
})
export class TimelineModule {}
