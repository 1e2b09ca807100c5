import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { PeopleModule } from '../people/people.module';
import { TripsRepository } from './trips.repository';
import { TripsService } from './trips.service';

@Module({
  imports: [OrganisationsModule, PeopleModule],
  providers: [TripsRepository, TripsService],
  exports: [TripsService],
})
export class TripsModule {}
