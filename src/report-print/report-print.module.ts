import { Module } from '@nestjs/common';
import { MeetingsModule } from '../meetings/meetings.module';
import { PeopleModule } from '../people/people.module';
import { TasksModule } from '../tasks/tasks.module';
import { ReportingModule } from '../reporting/reporting.module';
import { TripsModule } from '../trips/trips.module';
import { ReportPrintController } from './report-print.controller';
import { ReportPrintService } from './report-print.service';

/** The printable trip report (HTML and PDF) over the reporting service's tripReport; nothing depends on it. */
@Module({
  imports: [ReportingModule, TripsModule, MeetingsModule, PeopleModule, TasksModule],
  controllers: [ReportPrintController],
  providers: [ReportPrintService],
})
export class ReportPrintModule {}
