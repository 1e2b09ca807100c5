import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { RecordType } from '../common/graphql/record-type.enum';
import { Lead } from '../leads/lead.model';
import { Meeting } from '../meetings/meeting.model';
import { Organisation } from '../organisations/organisation.model';
import { Person } from '../people/person.model';
import { TagsService } from './tags.service';

const TAGS = { description: 'Lower-cased tags, sorted' };

@Resolver(() => Organisation)
export class OrganisationTagsResolver {
  constructor(private readonly service: TagsService) {}

  @ResolveField(() => [String], TAGS)
  tags(@Parent() organisation: Organisation, @Context() { loaders }: GraphQLContext) {
    return this.service.tagsOf(loaders, RecordType.ORGANISATION).load(organisation.id);
  }
}

@Resolver(() => Person)
export class PersonTagsResolver {
  constructor(private readonly service: TagsService) {}

  @ResolveField(() => [String], TAGS)
  tags(@Parent() person: Person, @Context() { loaders }: GraphQLContext) {
    return this.service.tagsOf(loaders, RecordType.PERSON).load(person.id);
  }
}

@Resolver(() => Meeting)
export class MeetingTagsResolver {
  constructor(private readonly service: TagsService) {}

  @ResolveField(() => [String], TAGS)
  tags(@Parent() meeting: Meeting, @Context() { loaders }: GraphQLContext) {
    return this.service.tagsOf(loaders, RecordType.MEETING).load(meeting.id);
  }
}

@Resolver(() => Lead)
export class LeadTagsResolver {
  constructor(private readonly service: TagsService) {}

  @ResolveField(() => [String], TAGS)
  tags(@Parent() lead: Lead, @Context() { loaders }: GraphQLContext) {
    return this.service.tagsOf(loaders, RecordType.LEAD).load(lead.id);
  }
}
