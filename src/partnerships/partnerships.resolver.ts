import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import { User } from '../auth/user.model';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { IdArgs } from '../common/graphql/id.args';
import { Lead } from '../leads/lead.model';
import { LeadsService } from '../leads/leads.service';
import { Organisation } from '../organisations/organisation.model';
import { ConvertLeadToPartnershipArgs } from './dto/convert-lead.args';
import { CreatePartnershipInput } from './dto/create-partnership.input';
import { PartnershipsArgs } from './dto/partnerships.args';
import { EndPartnershipArgs, UpdatePartnershipArgs } from './dto/update-partnership.args';
import { Partnership, PartnershipConnection } from './partnership.model';
import { PartnershipsService } from './partnerships.service';

@Resolver(() => Partnership)
export class PartnershipsResolver {
  constructor(
    private readonly service: PartnershipsService,
    private readonly leads: LeadsService,
  ) {}

  @Query(() => Partnership, { description: 'One partnership by id, archived or not' })
  partnership(@Args() { id }: IdArgs): Promise<Partnership> {
    return this.service.getById(id);
  }

  @Query(() => PartnershipConnection, { description: 'Partnerships in keyset pages, newest signature first, unsigned last' })
  partnerships(@Args() args: PartnershipsArgs) {
    return this.service.list(args);
  }

  @Mutation(() => Partnership, { description: 'A partnership that did not come from a lead' })
  createPartnership(@Args('input') input: CreatePartnershipInput): Promise<Partnership> {
    return this.service.create(input);
  }

  @Mutation(() => Partnership, {
    description:
      'Moves the lead to WON (QUALIFIED or NEGOTIATING only; recorded in its stageHistory) and creates its partnership, ' +
      'in one transaction. A lead converts at most once: CONFLICT after that.',
  })
  convertLeadToPartnership(
    @Args() { leadId, expectedVersion, input }: ConvertLeadToPartnershipArgs,
    @CurrentUser() user: User,
  ): Promise<Partnership> {
    return this.service.convertLead(leadId, expectedVersion, input, user.id);
  }

  @Mutation(() => Partnership, { description: 'Change fields (not the status); CONFLICT when expectedVersion is stale' })
  updatePartnership(@Args() { id, expectedVersion, input }: UpdatePartnershipArgs): Promise<Partnership> {
    return this.service.update(id, expectedVersion, input);
  }

  @Mutation(() => Partnership, { description: 'Sets status ENDED and endedOn (not before signedOn)' })
  endPartnership(@Args() { id, expectedVersion, endedOn }: EndPartnershipArgs): Promise<Partnership> {
    return this.service.end(id, expectedVersion, endedOn);
  }

  @Mutation(() => Partnership, { description: 'Soft delete: hidden from lists unless includeArchived' })
  archivePartnership(@Args() { id }: IdArgs): Promise<Partnership> {
    return this.service.setArchived(id, true);
  }

  @Mutation(() => Partnership)
  restorePartnership(@Args() { id }: IdArgs): Promise<Partnership> {
    return this.service.setArchived(id, false);
  }

  @ResolveField(() => Lead, { nullable: true, description: 'The lead it was converted from' })
  lead(@Parent() partnership: Partnership, @Context() { loaders }: GraphQLContext) {
    return partnership.leadId ? this.leads.byId(loaders).load(partnership.leadId) : null;
  }

  @ResolveField(() => [Organisation], { description: 'The organisations party to it, by name' })
  parties(@Parent() partnership: Partnership, @Context() { loaders }: GraphQLContext) {
    return this.service.partiesOf(partnership.id, loaders);
  }
}

// Fields showing partnerships on the records they depend on live here, so
// leads and organisations know nothing of partnerships.

@Resolver(() => Lead)
export class LeadPartnershipResolver {
  constructor(private readonly service: PartnershipsService) {}

  @ResolveField(() => Partnership, { nullable: true, description: 'The partnership the lead was converted to' })
  partnership(@Parent() lead: Lead, @Context() { loaders }: GraphQLContext) {
    return this.service.partnershipOfLead(lead.id, loaders);
  }
}

@Resolver(() => Organisation)
export class OrganisationPartnershipsResolver {
  constructor(private readonly service: PartnershipsService) {}

  @ResolveField(() => [Partnership], { description: 'Unarchived partnerships it is party to, newest signature first' })
  partnerships(@Parent() organisation: Organisation, @Context() { loaders }: GraphQLContext) {
    return this.service.partnershipsOfOrganisation(organisation.id, loaders);
  }
}
