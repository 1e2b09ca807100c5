import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { Meeting } from '../meetings/meeting.model';
import { Organisation } from '../organisations/organisation.model';
import { Person } from '../people/person.model';
import { Trip } from '../trips/trip.model';
import { Lead } from './lead.model';
import { LeadsService } from './leads.service';

// Fields that show leads on the records they depend on. They live here, not
// in the organisations, people, trips or meetings modules, so dependencies
// keep running one way (those modules know nothing of leads).

@Resolver(() => Organisation)
export class OrganisationLeadsResolver {
  constructor(private readonly service: LeadsService) {}

  @ResolveField(() => [Lead], { description: 'Unarchived leads it is involved in, on either side; most recently updated first' })
  leads(
    @Parent() organisation: Organisation,
    @Args('open', { type: () => Boolean, nullable: true, description: 'true: only open leads; false: only WON or LOST' })
    open: boolean | null | undefined,
    @Context() { loaders }: GraphQLContext,
  ) {
    return this.service.leadsOfOrganisation(organisation.id, open ?? undefined, loaders);
  }
}

@Resolver(() => Person)
export class PersonLeadsResolver {
  constructor(private readonly service: LeadsService) {}

  @ResolveField(() => [Lead], { description: 'Unarchived leads naming this person as a contact' })
  leads(@Parent() person: Person, @Context() { loaders }: GraphQLContext) {
    return this.service.leadsOfPerson(person.id, loaders);
  }
}

@Resolver(() => Trip)
export class TripLeadsResolver {
  constructor(private readonly service: LeadsService) {}

  @ResolveField(() => [Lead], { description: 'Unarchived leads that came from this trip' })
  leads(@Parent() trip: Trip, @Context() { loaders }: GraphQLContext) {
    return this.service.leadsOfTrip(trip.id, loaders);
  }
}

@Resolver(() => Meeting)
export class MeetingLeadsResolver {
  constructor(private readonly service: LeadsService) {}

  @ResolveField(() => [Lead], { description: 'Unarchived leads that came from this meeting' })
  leads(@Parent() meeting: Meeting, @Context() { loaders }: GraphQLContext) {
    return this.service.leadsOfMeeting(meeting.id, loaders);
  }
}
