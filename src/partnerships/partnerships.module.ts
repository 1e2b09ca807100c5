import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { LeadPartnershipResolver, OrganisationPartnershipsResolver, PartnershipsResolver } from './partnerships.resolver';
import { PartnershipsRepository } from './partnerships.repository';
import { PartnershipsService } from './partnerships.service';

@Module({
  imports: [OrganisationsModule, LeadsModule],
  providers: [
    PartnershipsRepository,
    PartnershipsService,
    PartnershipsResolver,
    LeadPartnershipResolver,
    OrganisationPartnershipsResolver,
  ],
  exports: [PartnershipsService],
})
export class PartnershipsModule {}
