import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { groupByKeys } from '../common/dataloader/loader-registry';
import { IdArgs } from '../common/graphql/id.args';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { CreateOrganisationInput } from './dto/create-organisation.input';
import { OrganisationsArgs } from './dto/organisations.args';
import { UpdateOrganisationArgs } from './dto/update-organisation.args';
import { Organisation, OrganisationConnection } from './organisation.model';
import { OrganisationsService } from './organisations.service';

@Resolver(() => Organisation)
export class OrganisationsResolver {
  constructor(private readonly service: OrganisationsService) {}

  @Query(() => Organisation, { description: 'One organisation by id, archived or not' })
  organisation(@Args() { id }: IdArgs): Promise<Organisation> {
    return this.service.getById(id);
  }

  @Query(() => OrganisationConnection, { description: 'Organisations, filtered and in keyset pages' })
  organisations(@Args() args: OrganisationsArgs) {
    return this.service.list(args);
  }

  @Mutation(() => Organisation)
  createOrganisation(@Args('input') input: CreateOrganisationInput): Promise<Organisation> {
    return this.service.create(input);
  }

  @Mutation(() => Organisation, { description: 'Change fields; CONFLICT when expectedVersion is stale' })
  updateOrganisation(@Args() { id, expectedVersion, input }: UpdateOrganisationArgs): Promise<Organisation> {
    return this.service.update(id, expectedVersion, input);
  }

  @Mutation(() => Organisation, { description: 'Soft delete: hidden from lists unless includeArchived' })
  archiveOrganisation(@Args() { id }: IdArgs): Promise<Organisation> {
    return this.service.setArchived(id, true);
  }

  @Mutation(() => Organisation)
  restoreOrganisation(@Args() { id }: IdArgs): Promise<Organisation> {
    return this.service.setArchived(id, false);
  }

  @ResolveField(() => Organisation, { nullable: true })
  parent(@Parent() organisation: Organisation, @Context() { loaders }: GraphQLContext) {
    if (!organisation.parentId) return null;
    return this.service.byId(loaders).load(organisation.parentId);
  }

  @ResolveField(() => [Organisation], { description: 'Unarchived direct children' })
  children(@Parent() organisation: Organisation, @Context() { loaders }: GraphQLContext) {
    return loaders
      .get<string, Organisation[]>('organisation.children', async (ids) =>
        groupByKeys(ids, await this.service.findChildrenOf(ids), (row) => row.parentId!),
      )
      .load(organisation.id);
  }
}
