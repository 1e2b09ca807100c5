import { ReportingModule } from '../reporting/reporting.module';
import { AccessModule } from '../access/access.module';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LeadsModule } from '../leads/leads.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { PeopleModule } from '../people/people.module';
import { TasksModule } from '../tasks/tasks.module';
import { TripsModule } from '../trips/trips.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';
import { ReportExportsController } from './report-exports.controller';
import { ReportExportsService } from './report-exports.service';
import { VCardExportsController } from './vcard-exports.controller';
import { VCardExportsService } from './vcard-exports.service';

/**
 * CSV and XLSX downloads of the lists and reports, and vCards of people;
 * reads through the features' list services and the reporting service,
 * nothing depends on it.
 */
@Module({
  imports: [ReportingModule, AccessModule, AuthModule, OrganisationsModule, PeopleModule, LeadsModule, TasksModule, MeetingsModule, TripsModule],
  controllers: [ReportExportsController, VCardExportsController, ExportsController],
  providers: [ExportsService, ReportExportsService, VCardExportsService],
})
export class ExportsModule {}
