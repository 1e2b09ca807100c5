import { Module } from '@nestjs/common';
import { DuplicatesModule } from '../duplicates/duplicates.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { LeadsModule } from '../leads/leads.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { PeopleModule } from '../people/people.module';
import { TasksModule } from '../tasks/tasks.module';
import { MeetingLogResolver } from './meeting-log.resolver';
import { MeetingLogService } from './meeting-log.service';

/** Coordinates people (matched through duplicates), meetings, leads and tasks for logMeeting; no feature depends on it. */
@Module({
  imports: [PeopleModule, MeetingsModule, LeadsModule, TasksModule, IdempotencyModule, DuplicatesModule],
  providers: [MeetingLogService, MeetingLogResolver],
})
export class MeetingLogModule {}
