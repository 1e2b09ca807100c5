import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { IdArgs } from '../common/graphql/id.args';
import {
  AddOrganisationMembershipInput,
  EndOrganisationMembershipArgs,
  UpdateOrganisationMembershipArgs,
} from './dto/organisation-membership.args';
import { OrganisationMembership } from './organisation-membership.model';
import { OrganisationMembershipsService } from './organisation-memberships.service';
import { Organisation } from './organisation.model';
import { OrganisationsService } from './organisations.service';

@Resolver(() => OrganisationMembership)
export class OrganisationMembershipsResolver {
  constructor(
    private readonly service: OrganisationMembershipsService,
    private readonly organisations: OrganisationsService,
  ) {}

  @Mutation(() => OrganisationMembership, { description: 'Makes an organisation a member of a network or alliance' })
  addOrganisationMembership(@Args('input') input: AddOrganisationMembershipInput): Promise<OrganisationMembership> {
    return this.service.add(input);
  }

  @Mutation(() => OrganisationMembership, { description: 'Change since/until; CONFLICT when expectedVersion is stale' })
  updateOrganisationMembership(
    @Args() { id, expectedVersion, input }: UpdateOrganisationMembershipArgs,
  ): Promise<OrganisationMembership> {
    return this.service.update(id, expectedVersion, input);
  }

  @Mutation(() => OrganisationMembership, { description: 'Sets the end date; the membership stays as history' })
  endOrganisationMembership(@Args() { id, expectedVersion, until }: EndOrganisationMembershipArgs): Promise<OrganisationMembership> {
    return this.service.end(id, expectedVersion, until);
  }

  @Mutation(() => OrganisationMembership, { description: 'Removes a membership entered by mistake (soft delete)' })
  archiveOrganisationMembership(@Args() { id }: IdArgs): Promise<OrganisationMembership> {
    return this.service.setArchived(id, true);
  }

  @Mutation(() => OrganisationMembership)
  restoreOrganisationMembership(@Args() { id }: IdArgs): Promise<OrganisationMembership> {
    return this.service.setArchived(id, false);
  }

  @ResolveField(() => Organisation)
  member(@Parent() membership: OrganisationMembership, @Context() { loaders }: GraphQLContext) {
    return this.organisations.byId(loaders).load(membership.memberId);
  }

  @ResolveField(() => Organisation)
  network(@Parent() membership: OrganisationMembership, @Context() { loaders }: GraphQLContext) {
    return this.organisations.byId(loaders).load(membership.networkId);
  }
}
