import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { RecordType } from '../common/graphql/record-type.enum';
import { Lead } from '../leads/lead.model';
import { Meeting } from '../meetings/meeting.model';
import { Organisation } from '../organisations/organisation.model';
import { Person } from '../people/person.model';
import { Note } from './note.model';
import { NotesService } from './notes.service';

const NOTES = { description: 'Unarchived notes, newest first' };

@Resolver(() => Organisation)
export class OrganisationNotesResolver {
  constructor(private readonly service: NotesService) {}

  @ResolveField(() => [Note], NOTES)
  notes(@Parent() organisation: Organisation, @Context() { loaders }: GraphQLContext) {
    return this.service.notesOn(loaders, RecordType.ORGANISATION).load(organisation.id);
  }
}

@Resolver(() => Person)
export class PersonNotesResolver {
  constructor(private readonly service: NotesService) {}

  @ResolveField(() => [Note], NOTES)
  notes(@Parent() person: Person, @Context() { loaders }: GraphQLContext) {
    return this.service.notesOn(loaders, RecordType.PERSON).load(person.id);
  }
}

@Resolver(() => Meeting)
export class MeetingNotesResolver {
  constructor(private readonly service: NotesService) {}

  @ResolveField(() => [Note], NOTES)
  notes(@Parent() meeting: Meeting, @Context() { loaders }: GraphQLContext) {
    return this.service.notesOn(loaders, RecordType.MEETING).load(meeting.id);
  }
}

@Resolver(() => Lead)
export class LeadNotesResolver {
  constructor(private readonly service: NotesService) {}

  @ResolveField(() => [Note], NOTES)
  notes(@Parent() lead: Lead, @Context() { loaders }: GraphQLContext) {
    return this.service.notesOn(loaders, RecordType.LEAD).load(lead.id);
  }
}
