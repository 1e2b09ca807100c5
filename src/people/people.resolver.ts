import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { IdArgs } from '../common/graphql/id.args';
import { AffiliationsService } from './affiliations.service';
import { AffiliationsFieldArgs } from './dto/affiliation.args';
import { CreatePersonInput } from './dto/create-person.input';
import { PeopleArgs } from './dto/people.args';
import { UpdatePersonArgs } from './dto/update-person.args';
import { PeopleService } from './people.service';
import { Affiliation, Person, PersonConnection } from './person.model';

@Resolver(() => Person)
export class PeopleResolver {
  constructor(
    private readonly service: PeopleService,
    private readonly affiliationsService: AffiliationsService,
  ) {}

  @Query(() => Person, { description: 'One person by id, archived or not' })
  person(@Args() { id }: IdArgs): Promise<Person> {
    return this.service.getById(id);
  }

  @Query(() => PersonConnection, { description: 'People, filtered and in keyset pages; by family name, then given name' })
  people(@Args() args: PeopleArgs) {
    return this.service.list(args);
  }

  @Mutation(() => Person, { description: 'Creates a person, with their affiliations if given' })
  createPerson(@Args('input') input: CreatePersonInput): Promise<Person> {
    return this.service.create(input);
  }

  @Mutation(() => Person, { description: 'Change fields; CONFLICT when expectedVersion is stale' })
  updatePerson(@Args() { id, expectedVersion, input }: UpdatePersonArgs): Promise<Person> {
    return this.service.update(id, expectedVersion, input);
  }

  @Mutation(() => Person, { description: 'Soft delete: hidden from lists unless includeArchived' })
  archivePerson(@Args() { id }: IdArgs): Promise<Person> {
    return this.service.setArchived(id, true);
  }

  @Mutation(() => Person)
  restorePerson(@Args() { id }: IdArgs): Promise<Person> {
    return this.service.setArchived(id, false);
  }

  @ResolveField(() => [Affiliation], { description: 'The primary first, then current ones, then by start date' })
  affiliations(
    @Parent() person: Person,
    @Args() { includeEnded }: AffiliationsFieldArgs,
    @Context() { loaders }: GraphQLContext,
  ): Promise<Affiliation[]> {
    return this.affiliationsService.ofPeople(loaders, includeEnded).load(person.id);
  }
}
