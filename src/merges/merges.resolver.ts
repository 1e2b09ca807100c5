import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ID } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import { User } from '../auth/user.model';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { DuplicateType } from '../duplicates/duplicate.enums';
import { Organisation } from '../organisations/organisation.model';
import { Person } from '../people/person.model';
import { MergeOrganisationsArgs, MergePeopleArgs, UnmergeArgs } from './dto/merge.args';
import { OrganisationMergePayload, PersonMergePayload, RecordMerge } from './merge.model';
import { MergesService } from './merges.service';

@Resolver()
export class MergesResolver {
  constructor(private readonly service: MergesService) {}

  @Mutation(() => PersonMergePayload, {
    description:
      'Merges one person into another in one transaction: every link moves to the survivor; CONFLICT when a version is stale',
  })
  mergePeople(@Args() args: MergePeopleArgs, @CurrentUser() user: User): Promise<PersonMergePayload> {
    return this.service.mergePeople(user, args);
  }

  @Mutation(() => OrganisationMergePayload, {
    description:
      'Merges one organisation into another in one transaction: every link moves to the survivor; CONFLICT when a version is stale',
  })
  mergeOrganisations(@Args() args: MergeOrganisationsArgs, @CurrentUser() user: User): Promise<OrganisationMergePayload> {
    return this.service.mergeOrganisations(user, args);
  }

  @Mutation(() => RecordMerge, {
    description: 'Undoes a merge of the last 30 days: the merged record and the links it brought come back; later links stay',
  })
  unmerge(@Args() { mergeId }: UnmergeArgs, @CurrentUser() user: User): Promise<RecordMerge> {
    return this.service.unmerge(user, mergeId);
  }
}

@Resolver(() => Person)
export class PersonMergesResolver {
  constructor(private readonly service: MergesService) {}

  @ResolveField(() => [ID], { description: 'Ids of the people merged into this one; person(id:) with any of them answers this person' })
  mergedFrom(@Parent() person: Person, @Context() { loaders }: GraphQLContext): Promise<string[]> {
    return this.service.mergedFrom(DuplicateType.PERSON, loaders).load(person.id);
  }
}

@Resolver(() => Organisation)
export class OrganisationMergesResolver {
  constructor(private readonly service: MergesService) {}

  @ResolveField(() => [ID], {
    description: 'Ids of the organisations merged into this one; organisation(id:) with any of them answers this one',
  })
  mergedFrom(@Parent() organisation: Organisation, @Context() { loaders }: GraphQLContext): Promise<string[]> {
    return this.service.mergedFrom(DuplicateType.ORGANISATION, loaders).load(organisation.id);
  }
}
