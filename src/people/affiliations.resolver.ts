import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { Organisation } from '../organisations/organisation.model';
import { OrganisationsService } from '../organisations/organisations.service';
import { AffiliationsService } from './affiliations.service';
import { AddAffiliationInput, EndAffiliationArgs, UpdateAffiliationArgs } from './dto/affiliation.args';
import { PeopleService } from './people.service';
import { Affiliation, Person } from './person.model';

@Resolver(() => Affiliation)
export class AffiliationsResolver {
  constructor(
    private readonly service: AffiliationsService,
    private readonly people: PeopleService,
    private readonly organisations: OrganisationsService,
  ) {}

  @Mutation(() => Affiliation, { description: 'A role at an organisation; isPrimary unmarks the other current ones' })
  addAffiliation(@Args('input') input: AddAffiliationInput): Promise<Affiliation> {
    return this.service.add(input);
  }

  @Mutation(() => Affiliation, { description: 'Change fields; CONFLICT when expectedVersion is stale' })
  updateAffiliation(@Args() { id, expectedVersion, input }: UpdateAffiliationArgs): Promise<Affiliation> {
    return this.service.update(id, expectedVersion, input);
  }

  @Mutation(() => Affiliation, { description: 'Sets the end date; the affiliation stays as history' })
  endAffiliation(@Args() { id, expectedVersion, endDate }: EndAffiliationArgs): Promise<Affiliation> {
    return this.service.end(id, expectedVersion, endDate);
  }

  @ResolveField(() => Person)
  person(@Parent() affiliation: Affiliation, @Context() { loaders }: GraphQLContext) {
    return this.people.byId(loaders).load(affiliation.personId);
  }

  @ResolveField(() => Organisation)
  organisation(@Parent() affiliation: Affiliation, @Context() { loaders }: GraphQLContext) {
    return this.organisations.byId(loaders).load(affiliation.organisationId);
  }
}
