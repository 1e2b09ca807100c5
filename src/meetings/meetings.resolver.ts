import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import { User } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { IdArgs } from '../common/graphql/id.args';
import { Organisation } from '../organisations/organisation.model';
import { PeopleService } from '../people/people.service';
import { Person } from '../people/person.model';
import { Trip } from '../trips/trip.model';
import { TripsService } from '../trips/trips.service';
import { CreateMeetingInput } from './dto/create-meeting.input';
import { CancelMeetingArgs, RecordMeetingOutcomeArgs } from './dto/meeting-status.args';
import { MeetingsArgs } from './dto/meetings.args';
import { UpdateMeetingArgs } from './dto/update-meeting.args';
import { Meeting, MeetingConnection, Participant } from './meeting.model';
import { MeetingsService } from './meetings.service';

@Resolver(() => Meeting)
export class MeetingsResolver {
  constructor(
    private readonly service: MeetingsService,
    private readonly trips: TripsService,
    private readonly users: UsersService,
  ) {}

  @Query(() => Meeting, { description: 'One meeting by id, archived or not' })
  meeting(@Args() { id }: IdArgs): Promise<Meeting> {
    return this.service.getById(id);
  }

  @Query(() => MeetingConnection, { description: 'Meetings, filtered and in keyset pages; earliest first by default' })
  meetings(@Args() args: MeetingsArgs) {
    return this.service.list(args);
  }

  @Mutation(() => Meeting, { description: 'A PLANNED meeting' })
  createMeeting(@Args('input') input: CreateMeetingInput, @CurrentUser() user: User): Promise<Meeting> {
    return this.service.create(input, user.id);
  }

  @Mutation(() => Meeting, { description: 'Change fields; CONFLICT when expectedVersion is stale' })
  updateMeeting(@Args() { id, expectedVersion, input }: UpdateMeetingArgs): Promise<Meeting> {
    return this.service.update(id, expectedVersion, input);
  }

  @Mutation(() => Meeting, { description: 'CANCELLED with a reason; a HELD meeting cannot be cancelled' })
  cancelMeeting(@Args() { id, expectedVersion, reason }: CancelMeetingArgs): Promise<Meeting> {
    return this.service.cancel(id, expectedVersion, reason);
  }

  @Mutation(() => Meeting, { description: 'HELD with its outcome, logged by the caller now' })
  recordMeetingOutcome(@Args() { id, expectedVersion, input }: RecordMeetingOutcomeArgs, @CurrentUser() user: User): Promise<Meeting> {
    return this.service.recordOutcome(id, expectedVersion, input, user.id);
  }

  @Mutation(() => Meeting, { description: 'Soft delete: hidden from lists and programmes unless includeArchived' })
  archiveMeeting(@Args() { id }: IdArgs): Promise<Meeting> {
    return this.service.setArchived(id, true);
  }

  @Mutation(() => Meeting)
  restoreMeeting(@Args() { id }: IdArgs): Promise<Meeting> {
    return this.service.setArchived(id, false);
  }

  @ResolveField(() => Trip, { nullable: true })
  trip(@Parent() meeting: Meeting, @Context() { loaders }: GraphQLContext) {
    if (!meeting.tripId) return null;
    return this.trips.byId(loaders).load(meeting.tripId);
  }

  @ResolveField(() => [Organisation], { description: 'The organisations involved, by name' })
  organisations(@Parent() meeting: Meeting, @Context() { loaders }: GraphQLContext) {
    return this.service.organisationsOf(meeting.id, loaders);
  }

  @ResolveField(() => [Participant], { description: 'Delegation, then host, then our side; each by name' })
  participants(@Parent() meeting: Meeting, @Context() { loaders }: GraphQLContext) {
    return this.service.participantsOf(meeting.id, loaders);
  }

  @ResolveField(() => User, { nullable: true, description: 'Who recorded the outcome' })
  loggedByUser(@Parent() meeting: Meeting, @Context() { loaders }: GraphQLContext) {
    if (!meeting.loggedBy) return null;
    return this.users.byId(loaders).load(meeting.loggedBy);
  }
}

@Resolver(() => Participant)
export class ParticipantResolver {
  constructor(private readonly people: PeopleService) {}

  @ResolveField(() => Person)
  person(@Parent() participant: Participant, @Context() { loaders }: GraphQLContext) {
    return this.people.byId(loaders).load(participant.personId);
  }
}

/** Trip.programme lives here: meetings depend on trips, not the other way round. */
@Resolver(() => Trip)
export class TripProgrammeResolver {
  constructor(private readonly service: MeetingsService) {}

  @ResolveField(() => [Meeting], { description: 'Unarchived meetings of the trip in time order' })
  programme(@Parent() trip: Trip, @Context() { loaders }: GraphQLContext) {
    return this.service.programmeOf(trip.id, loaders);
  }
}
