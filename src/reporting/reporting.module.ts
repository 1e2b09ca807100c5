import { AccessModule } from '../access/access.module';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LeadsModule } from '../leads/leads.module';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { PeopleModule } from '../people/people.module';
import { TasksModule } from '../tasks/tasks.module';
import { TripsModule } from '../trips/trips.module';
import {
  FollowUpReportResolver,
  OverdueTasksOfAssigneeResolver,
  ReportingResolver,
  StaleLeadResolver,
  TripCommitmentFiguresResolver,
  TripReportLeadResolver,
  TripReportPartnershipResolver,
  TripReportResolver,
  UpcomingNextStepResolver,
} from './reporting.resolver';
import { ReportingRepository } from './reporting.repository';
import { ReportingService } from './reporting.service';

/** Reads every feature's tables for reports; the printable report and the report exports use its service. */
@Module({
  imports: [AccessModule, AuthModule, TripsModule, PeopleModule, LeadsModule, PartnershipsModule, TasksModule],
  providers: [
    ReportingRepository,
    ReportingService,
    ReportingResolver,
    TripReportResolver,
    TripReportLeadResolver,
    TripReportPartnershipResolver,
    TripCommitmentFiguresResolver,
    FollowUpReportResolver,
    OverdueTasksOfAssigneeResolver,
    StaleLeadResolver,
    UpcomingNextStepResolver,
  ],
  exports: [ReportingService],
})
export class ReportingModule {}
