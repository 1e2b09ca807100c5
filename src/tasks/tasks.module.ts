import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LeadsModule } from '../leads/leads.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { PeopleModule } from '../people/people.module';
import { LeadTasksResolver, MeetingTasksResolver, OrganisationTasksResolver, PersonTasksResolver } from './record-tasks.resolver';
import { TasksRepository } from './tasks.repository';
import { TasksResolver } from './tasks.resolver';
import { TasksService } from './tasks.service';

/** Tasks attach by id to leads, meetings, organisations and people, and resolve those fields. */
@Module({
  imports: [AuthModule, OrganisationsModule, PeopleModule, MeetingsModule, LeadsModule],
  providers: [
    TasksRepository,
    TasksService,
    TasksResolver,
    MeetingTasksResolver,
    LeadTasksResolver,
    OrganisationTasksResolver,
    PersonTasksResolver,
  ],
  exports: [TasksService],
})
export class TasksModule {}
