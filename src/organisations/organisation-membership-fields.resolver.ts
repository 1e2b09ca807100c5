import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { MembershipsFieldArgs } from './dto/organisation-membership.args';
import { OrganisationMembership } from './organisation-membership.model';
import { OrganisationMembershipsService } from './organisation-memberships.service';
import { Organisation } from './organisation.model';

@Resolver(() => Organisation)
export class OrganisationMembershipFieldsResolver {
  constructor(private readonly service: OrganisationMembershipsService) {}

  @ResolveField(() => [OrganisationMembership], { description: 'Networks and alliances this organisation is a member of' })
  memberships(
    @Parent() organisation: Organisation,
    @Args() { includeEnded }: MembershipsFieldArgs,
    @Context() { loaders }: GraphQLContext,
  ): Promise<OrganisationMembership[]> {
    return this.service.ofMembers(loaders, includeEnded).load(organisation.id);
  }

  @ResolveField(() => [OrganisationMembership], { description: 'Members of this network or alliance' })
  members(
    @Parent() organisation: Organisation,
    @Args() { includeEnded }: MembershipsFieldArgs,
    @Context() { loaders }: GraphQLContext,
  ): Promise<OrganisationMembership[]> {
    return this.service.ofNetworks(loaders, includeEnded).load(organisation.id);
  }
}
