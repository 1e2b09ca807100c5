import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { PeopleModule } from '../people/people.module';
import { DuplicatesRepository } from './duplicates.repository';
import { DuplicatesResolver, OrganisationDuplicatesResolver, PersonDuplicatesResolver } from './duplicates.resolver';
import { DuplicatesService } from './duplicates.service';

/** Duplicate candidates of people and organisations; logMeeting (and later imports) match through DuplicatesService. */
@Module({
  imports: [PeopleModule, OrganisationsModule],
  providers: [DuplicatesRepository, DuplicatesService, DuplicatesResolver, PersonDuplicatesResolver, OrganisationDuplicatesResolver],
  exports: [DuplicatesService],
})
export class DuplicatesModule {}
