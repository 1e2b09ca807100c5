import { Module } from '@nestjs/common';
import { OrganisationMembershipFieldsResolver } from './organisation-membership-fields.resolver';
import { OrganisationMembershipsRepository } from './organisation-memberships.repository';
import { OrganisationMembershipsResolver } from './organisation-memberships.resolver';
import { OrganisationMembershipsService } from './organisation-memberships.service';
import { OrganisationsRepository } from './organisations.repository';
import { OrganisationsResolver } from './organisations.resolver';
import { OrganisationsService } from './organisations.service';

@Module({
  providers: [
    OrganisationsRepository,
    OrganisationsService,
    OrganisationsResolver,
    OrganisationMembershipsRepository,
    OrganisationMembershipsService,
    OrganisationMembershipsResolver,
    OrganisationMembershipFieldsResolver,
  ],
  exports: [OrganisationsService],
})
export class OrganisationsModule {}
