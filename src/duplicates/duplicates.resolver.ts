import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import { User } from '../auth/user.model';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { Organisation } from '../organisations/organisation.model';
import { OrganisationsService } from '../organisations/organisations.service';
import { Person } from '../people/person.model';
import { PeopleService } from '../people/people.service';
import { DuplicateType } from './duplicate.enums';
import { DuplicateCandidate, DuplicateCandidateConnection, PossibleOrganisationDuplicate, PossiblePersonDuplicate } from './duplicate.model';
import { DismissDuplicateArgs, DuplicateCandidatesArgs } from './dto/duplicates.args';
import { DuplicatesService } from './duplicates.service';

@Resolver(() => DuplicateCandidate)
export class DuplicatesResolver {
  constructor(
    private readonly service: DuplicatesService,
    private readonly peopleService: PeopleService,
    private readonly organisationsService: OrganisationsService,
  ) {}

  @Query(() => DuplicateCandidateConnection, { description: 'Pairs that may be the same person or organisation, best first' })
  duplicateCandidates(@Args() { type, first, after }: DuplicateCandidatesArgs) {
    return this.service.candidates(type, first, after);
  }

  @Mutation(() => Boolean, { description: 'Says two records are not the same: the pair is never offered again' })
  dismissDuplicate(@Args() { a, b }: DismissDuplicateArgs, @CurrentUser() user: User): Promise<boolean> {
    return this.service.dismiss(user, a, b);
  }

  @ResolveField(() => [Person], { description: 'The two people of a PERSON pair; empty otherwise' })
  async people(@Parent() candidate: DuplicateCandidate, @Context() { loaders }: GraphQLContext) {
    if (candidate.type !== DuplicateType.PERSON) return [];
    return (await this.peopleService.byId(loaders).loadMany(candidate.ids)).filter(Boolean);
  }

  @ResolveField(() => [Organisation], { description: 'The two organisations of an ORGANISATION pair; empty otherwise' })
  async organisations(@Parent() candidate: DuplicateCandidate, @Context() { loaders }: GraphQLContext) {
    if (candidate.type !== DuplicateType.ORGANISATION) return [];
    return (await this.organisationsService.byId(loaders).loadMany(candidate.ids)).filter(Boolean);
  }
}

@Resolver(() => Person)
export class PersonDuplicatesResolver {
  constructor(
    private readonly service: DuplicatesService,
    private readonly people: PeopleService,
  ) {}

  @ResolveField(() => [PossiblePersonDuplicate], {
    description: 'Up to 5 people who may be the same, best first (not those dismissed with dismissDuplicate)',
  })
  async possibleDuplicates(@Parent() person: Person, @Context() { loaders }: GraphQLContext): Promise<PossiblePersonDuplicate[]> {
    const matches = await this.service.possibleDuplicates(DuplicateType.PERSON, loaders).load(person.id);
    const people = await this.people.byId(loaders).loadMany(matches.map((match) => match.id));
    return matches.flatMap((match, i) => {
      const other = people[i];
      return other && !(other instanceof Error) ? [{ person: other, score: match.score, reasons: match.reasons }] : [];
    });
  }
}

@Resolver(() => Organisation)
export class OrganisationDuplicatesResolver {
  constructor(
    private readonly service: DuplicatesService,
    private readonly organisations: OrganisationsService,
  ) {}

  @ResolveField(() => [PossibleOrganisationDuplicate], {
    description: 'Up to 5 organisations that may be the same, best first (not those dismissed with dismissDuplicate)',
  })
  async possibleDuplicates(
    @Parent() organisation: Organisation,
    @Context() { loaders }: GraphQLContext,
  ): Promise<PossibleOrganisationDuplicate[]> {
    const matches = await this.service.possibleDuplicates(DuplicateType.ORGANISATION, loaders).load(organisation.id);
    const found = await this.organisations.byId(loaders).loadMany(matches.map((match) => match.id));
    return matches.flatMap((match, i) => {
      const other = found[i];
      return other && !(other instanceof Error) ? [{ organisation: other, score: match.score, reasons: match.reasons }] : [];
    });
  }
}
