import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { AffiliationsResolver } from './affiliations.resolver';
import { AffiliationsService } from './affiliations.service';
import { OrganisationAffiliationsResolver } from './organisation-affiliations.resolver';
import { PeopleRepository } from './people.repository';
import { PeopleResolver } from './people.resolver';
import { PeopleService } from './people.service';

@Module({
  imports: [OrganisationsModule],
  providers: [
    PeopleRepository,
    PeopleService,
    AffiliationsService,
    PeopleResolver,
    AffiliationsResolver,
    OrganisationAffiliationsResolver,
  ],
  exports: [PeopleService, AffiliationsService],
})
export class PeopleModule {}
