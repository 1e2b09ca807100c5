import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import { User } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { IdArgs } from '../common/graphql/id.args';
import { Meeting } from '../meetings/meeting.model';
import { MeetingsService } from '../meetings/meetings.service';
import { Organisation } from '../organisations/organisation.model';
import { OrganisationsService } from '../organisations/organisations.service';
import { Person } from '../people/person.model';
import { Trip } from '../trips/trip.model';
import { TripsService } from '../trips/trips.service';
import { CreateLeadInput } from './dto/create-lead.input';
import { LeadsArgs } from './dto/leads.args';
import { MoveLeadStageArgs } from './dto/move-lead-stage.args';
import { UpdateLeadArgs } from './dto/update-lead.args';
import { Lead, LeadConnection, LeadOrganisation, LeadOrigin, LeadStageChange } from './lead.model';
import { LeadsService } from './leads.service';

@Resolver(() => Lead)
export class LeadsResolver {
  constructor(
    private readonly service: LeadsService,
    private readonly users: UsersService,
  ) {}

  @Query(() => Lead, { description: 'One lead by id, archived or not' })
  lead(@Args() { id }: IdArgs): Promise<Lead> {
    return this.service.getById(id);
  }

  @Query(() => LeadConnection, { description: 'Leads, filtered and in keyset pages; most recently updated first by default' })
  leads(@Args() args: LeadsArgs) {
    return this.service.list(args);
  }

  @Mutation(() => Lead, { description: 'Opens a lead in stage NEW, owned by the caller unless ownerId says otherwise' })
  createLead(@Args('input') input: CreateLeadInput, @CurrentUser() user: User): Promise<Lead> {
    return this.service.create(input, user.id);
  }

  @Mutation(() => Lead, { description: 'Change fields (not the stage); CONFLICT when expectedVersion is stale' })
  updateLead(@Args() { id, expectedVersion, input }: UpdateLeadArgs): Promise<Lead> {
    return this.service.update(id, expectedVersion, input);
  }

  @Mutation(() => Lead, {
    description:
      'Move along the pipeline, recorded in stageHistory. Forward by one or more steps within NEW..NEGOTIATING, back by one; ' +
      'WON from QUALIFIED or NEGOTIATING; LOST (with a reason) or ON_HOLD from any active stage, LOST also from ON_HOLD; ' +
      'back to NEW..NEGOTIATING from LOST or ON_HOLD. WON is final.',
  })
  moveLeadStage(@Args() { id, expectedVersion, stage, reason }: MoveLeadStageArgs, @CurrentUser() user: User): Promise<Lead> {
    return this.service.moveStage(id, expectedVersion, stage, reason, user.id);
  }

  @Mutation(() => Lead, { description: 'Soft delete: hidden from lists unless includeArchived' })
  archiveLead(@Args() { id }: IdArgs): Promise<Lead> {
    return this.service.setArchived(id, true);
  }

  @Mutation(() => Lead)
  restoreLead(@Args() { id }: IdArgs): Promise<Lead> {
    return this.service.setArchived(id, false);
  }

  @ResolveField(() => User)
  owner(@Parent() lead: Lead, @Context() { loaders }: GraphQLContext) {
    return this.users.byId(loaders).load(lead.ownerId);
  }

  @ResolveField(() => [LeadOrganisation], { description: 'Saxon side first, then by name' })
  organisations(@Parent() lead: Lead, @Context() { loaders }: GraphQLContext) {
    return this.service.organisationsOf(lead.id, loaders);
  }

  @ResolveField(() => [Person], { description: 'Contact people, by family name' })
  contacts(@Parent() lead: Lead, @Context() { loaders }: GraphQLContext) {
    return this.service.contactsOf(lead.id, loaders);
  }

  @ResolveField(() => LeadOrigin, { nullable: true, description: 'The trip and meeting it came from; null when neither is known' })
  origin(@Parent() lead: Lead, @Context() { loaders }: GraphQLContext): Promise<LeadOrigin | null> {
    return this.service.originOf(lead, loaders);
  }

  @ResolveField(() => ID, { nullable: true, description: 'Null also when that meeting is confidential and hidden from the caller' })
  originMeetingId(@Parent() lead: Lead, @Context() { loaders }: GraphQLContext): Promise<string | null> {
    return this.service.visibleOriginMeetingId(lead, loaders);
  }

  @ResolveField(() => [LeadStageChange], { description: 'Every stage change, oldest first, starting with the creation' })
  stageHistory(@Parent() lead: Lead, @Context() { loaders }: GraphQLContext) {
    return this.service.stageHistoryOf(lead.id, loaders);
  }
}

@Resolver(() => LeadOrganisation)
export class LeadOrganisationResolver {
  constructor(private readonly organisations: OrganisationsService) {}

  @ResolveField(() => Organisation)
  organisation(@Parent() link: LeadOrganisation, @Context() { loaders }: GraphQLContext) {
    return this.organisations.byId(loaders).load(link.organisationId);
  }
}

@Resolver(() => LeadOrigin)
export class LeadOriginResolver {
  constructor(
    private readonly trips: TripsService,
    private readonly meetings: MeetingsService,
  ) {}

  @ResolveField(() => Trip, { nullable: true })
  trip(@Parent() origin: LeadOrigin, @Context() { loaders }: GraphQLContext) {
    return origin.tripId ? this.trips.byId(loaders).load(origin.tripId) : null;
  }

  @ResolveField(() => Meeting, { nullable: true })
  meeting(@Parent() origin: LeadOrigin, @Context() { loaders }: GraphQLContext) {
    return origin.meetingId ? this.meetings.byId(loaders).load(origin.meetingId) : null;
  }
}

@Resolver(() => LeadStageChange)
export class LeadStageChangeResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => User)
  changedByUser(@Parent() change: LeadStageChange, @Context() { loaders }: GraphQLContext) {
    return this.users.byId(loaders).load(change.changedBy);
  }
}
