import { AccessModule } from '../access/access.module';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { PeopleModule } from '../people/people.module';
import { TripsModule } from '../trips/trips.module';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsResolver, ParticipantResolver, TripProgrammeResolver } from './meetings.resolver';
import { MeetingsService } from './meetings.service';

@Module({
  imports: [AccessModule, AuthModule, OrganisationsModule, PeopleModule, TripsModule],
  providers: [MeetingsRepository, MeetingsService, MeetingsResolver, ParticipantResolver, TripProgrammeResolver],
  exports: [MeetingsService],
})
export class MeetingsModule {}
