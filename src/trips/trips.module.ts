import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { PeopleModule } from '../people/people.module';
import { TripsRepository } from './trips.repository';
import { DelegateResolver, TripsResolver } from './trips.resolver';
import { TripsService } from './trips.service';

@Module({
  imports: [OrganisationsModule, PeopleModule],
  providers: [TripsRepository, TripsService, TripsResolver, DelegateResolver],
  exports: [TripsService],
})
export class TripsModule {}
