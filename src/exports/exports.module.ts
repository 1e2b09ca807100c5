import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LeadsModule } from '../leads/leads.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { PeopleModule } from '../people/people.module';
import { TasksModule } from '../tasks/tasks.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** CSV and XLSX downloads of the lists; reads through the features' list services, nothing depends on it. */
@Module({
  imports: [AuthModule, OrganisationsModule, PeopleModule, LeadsModule, TasksModule, MeetingsModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
