import { AccessModule } from '../access/access.module';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { PeopleModule } from '../people/people.module';
import { TripsModule } from '../trips/trips.module';
import {
  MeetingLeadsResolver,
  OrganisationLeadsResolver,
  PersonLeadsResolver,
  TripLeadsResolver,
} from './lead-dependents.resolver';
import { LeadOrganisationResolver, LeadOriginResolver, LeadsResolver, LeadStageChangeResolver } from './leads.resolver';
import { LeadsRepository } from './leads.repository';
import { LeadsService } from './leads.service';

@Module({
  imports: [AccessModule, AuthModule, OrganisationsModule, PeopleModule, TripsModule, MeetingsModule],
  providers: [
    LeadsRepository,
    LeadsService,
    LeadsResolver,
    LeadOrganisationResolver,
    LeadOriginResolver,
    LeadStageChangeResolver,
    OrganisationLeadsResolver,
    PersonLeadsResolver,
    TripLeadsResolver,
    MeetingLeadsResolver,
  ],
  exports: [LeadsService],
})
export class LeadsModule {}
