import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type DataLoader from 'dataloader';
import { User } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { Lead } from '../leads/lead.model';
import { LeadsService } from '../leads/leads.service';
import { Partnership } from '../partnerships/partnership.model';
import { PartnershipsService } from '../partnerships/partnerships.service';
import { Person } from '../people/person.model';
import { PeopleService } from '../people/people.service';
import { Task } from '../tasks/task.model';
import { TasksService } from '../tasks/tasks.service';
import { Trip } from '../trips/trip.model';
import { TripsService } from '../trips/trips.service';
import { ActivityReport } from './activity-report.model';
import { ActivityReportArgs } from './dto/activity-report.args';
import { FollowUpReportArgs } from './dto/follow-up-report.args';
import { PipelineReportArgs } from './dto/pipeline-report.args';
import { TripReportArgs } from './dto/trip-report.args';
import { FollowUpReport, OverdueTasksOfAssignee, StaleLead, UpcomingNextStep } from './follow-up-report.model';
import { PipelineReport } from './pipeline-report.model';
import { ReportingService } from './reporting.service';
import { TripCommitmentFigures, TripReport, TripReportLead, TripReportPartnership } from './trip-report.model';

/** Records by id through a per-request loader, in the order given, leaving out any that vanished. */
async function loadAll<T>(loader: DataLoader<string, T | null>, ids: string[]): Promise<T[]> {
  const rows = await loader.loadMany(ids);
  return rows.filter((row): row is T => row !== null && !(row instanceof Error));
}

@Resolver()
export class ReportingResolver {
  constructor(private readonly service: ReportingService) {}

  @Query(() => PipelineReport, {
    description:
      'Leads and estimated value per stage, conversion between stages and median days in each, grouped by one dimension. ' +
      'Archived leads, and confidential ones the caller may not see, are left out.',
  })
  pipelineReport(@Args() args: PipelineReportArgs): Promise<PipelineReport> {
    return this.service.pipeline(args);
  }

  @Query(() => TripReport, {
    description:
      'What came of a trip: meetings, organisations and people met, leads and where they stand, partnerships, commitments. ' +
      'asOf replays leads, partnerships and commitments at the end of that day; meetings and contacts are the trip itself.',
  })
  tripReport(@Args() args: TripReportArgs): Promise<TripReport> {
    return this.service.trip(args);
  }

  @Query(() => FollowUpReport, { description: 'Overdue tasks, stale leads, upcoming next steps and commitments past due' })
  followUpReport(@Args() args: FollowUpReportArgs): Promise<FollowUpReport> {
    return this.service.followUps(args);
  }

  @Query(() => ActivityReport, { description: 'Meetings held, new contacts, leads opened and won, per week or month' })
  activityReport(@Args() args: ActivityReportArgs): Promise<ActivityReport> {
    return this.service.activity(args);
  }
}

@Resolver(() => TripReport)
export class TripReportResolver {
  constructor(
    private readonly trips: TripsService,
    private readonly people: PeopleService,
  ) {}

  @ResolveField(() => Trip)
  trip(@Parent() report: TripReport, @Context() { loaders }: GraphQLContext) {
    return this.trips.byId(loaders).load(report.tripId);
  }

  @ResolveField(() => [Person], { description: 'The people behind peopleMetForFirstTime, by family name' })
  newContacts(@Parent() report: TripReport, @Context() { loaders }: GraphQLContext) {
    return loadAll(this.people.byId(loaders), report.newContactIds);
  }
}

@Resolver(() => TripReportLead)
export class TripReportLeadResolver {
  constructor(private readonly leads: LeadsService) {}

  @ResolveField(() => Lead)
  lead(@Parent() row: TripReportLead, @Context() { loaders }: GraphQLContext) {
    return this.leads.byId(loaders).load(row.leadId);
  }
}

@Resolver(() => TripReportPartnership)
export class TripReportPartnershipResolver {
  constructor(private readonly partnerships: PartnershipsService) {}

  @ResolveField(() => Partnership)
  partnership(@Parent() row: TripReportPartnership, @Context() { loaders }: GraphQLContext) {
    return this.partnerships.byId(loaders).load(row.partnershipId);
  }
}

@Resolver(() => TripCommitmentFigures)
export class TripCommitmentFiguresResolver {
  constructor(private readonly tasks: TasksService) {}

  @ResolveField(() => [Task], { description: 'The open commitments, by due date' })
  openCommitments(@Parent() figures: TripCommitmentFigures, @Context() { loaders }: GraphQLContext) {
    return loadAll(this.tasks.byId(loaders), figures.openTaskIds);
  }
}

@Resolver(() => FollowUpReport)
export class FollowUpReportResolver {
  constructor(private readonly tasks: TasksService) {}

  @ResolveField(() => [Task], { description: 'Open commitments made in meetings and due before today, oldest first' })
  commitmentsPastDue(@Parent() report: FollowUpReport, @Context() { loaders }: GraphQLContext) {
    return loadAll(this.tasks.byId(loaders), report.pastDueCommitmentIds);
  }
}

@Resolver(() => OverdueTasksOfAssignee)
export class OverdueTasksOfAssigneeResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => User, { nullable: true })
  assignee(@Parent() row: OverdueTasksOfAssignee, @Context() { loaders }: GraphQLContext) {
    return row.assigneeId ? this.users.byId(loaders).load(row.assigneeId) : null;
  }
}

@Resolver(() => StaleLead)
export class StaleLeadResolver {
  constructor(
    private readonly leads: LeadsService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => Lead)
  lead(@Parent() row: StaleLead, @Context() { loaders }: GraphQLContext) {
    return this.leads.byId(loaders).load(row.leadId);
  }

  @ResolveField(() => User)
  owner(@Parent() row: StaleLead, @Context() { loaders }: GraphQLContext) {
    return this.users.byId(loaders).load(row.ownerId);
  }
}

@Resolver(() => UpcomingNextStep)
export class UpcomingNextStepResolver {
  constructor(
    private readonly leads: LeadsService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => Lead)
  lead(@Parent() row: UpcomingNextStep, @Context() { loaders }: GraphQLContext) {
    return this.leads.byId(loaders).load(row.leadId);
  }

  @ResolveField(() => User)
  owner(@Parent() row: UpcomingNextStep, @Context() { loaders }: GraphQLContext) {
    return this.users.byId(loaders).load(row.ownerId);
  }
}
