import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { Organisation } from '../organisations/organisation.model';
import { AffiliationsService } from './affiliations.service';
import { AffiliationsFieldArgs } from './dto/affiliation.args';
import { Affiliation } from './person.model';

/** Organisation.affiliations lives here: organisations know nothing of people. */
@Resolver(() => Organisation)
export class OrganisationAffiliationsResolver {
  constructor(private readonly affiliationsService: AffiliationsService) {}

  @ResolveField(() => [Affiliation], { description: "The people working there, by family name (includeEnded: who did)" })
  affiliations(
    @Parent() organisation: Organisation,
    @Args() { includeEnded }: AffiliationsFieldArgs,
    @Context() { loaders }: GraphQLContext,
  ): Promise<Affiliation[]> {
    return this.affiliationsService.atOrganisations(loaders, includeEnded).load(organisation.id);
  }
}
