import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { Lead } from '../leads/lead.model';
import { Meeting } from '../meetings/meeting.model';
import { Organisation } from '../organisations/organisation.model';
import { Person } from '../people/person.model';
import { Task } from './task.model';
import { TasksService } from './tasks.service';

// The tasks of other features' records live here, in the dependent's module,
// so meetings, leads, organisations and people never import tasks.

@Resolver(() => Meeting)
export class MeetingTasksResolver {
  constructor(private readonly service: TasksService) {}

  @ResolveField(() => [Task], { description: 'Promises made in this meeting (unarchived tasks with isCommitment), earliest due first' })
  commitments(@Parent() meeting: Meeting, @Context() { loaders }: GraphQLContext) {
    return this.service.commitmentsOfMeetings(loaders).load(meeting.id);
  }
}

@Resolver(() => Lead)
export class LeadTasksResolver {
  constructor(private readonly service: TasksService) {}

  @ResolveField(() => [Task], { description: 'Unarchived tasks of this lead, every status, earliest due first' })
  tasks(@Parent() lead: Lead, @Context() { loaders }: GraphQLContext) {
    return this.service.tasksOfLeads(loaders).load(lead.id);
  }

  @ResolveField(() => Task, { nullable: true, description: 'The OPEN task due first (undated ones last); null if none' })
  nextTask(@Parent() lead: Lead, @Context() { loaders }: GraphQLContext) {
    return this.service.nextTaskOfLeads(loaders).load(lead.id);
  }
}

@Resolver(() => Organisation)
export class OrganisationTasksResolver {
  constructor(private readonly service: TasksService) {}

  @ResolveField(() => [Task], {
    description: 'Unarchived tasks linked to this organisation itself (not via its leads or meetings), earliest due first',
  })
  tasks(
    @Parent() organisation: Organisation,
    @Context() { loaders }: GraphQLContext,
    @Args('openOnly', { type: () => Boolean, nullable: true, defaultValue: true }) openOnly: boolean | null,
  ) {
    return this.service.tasksOfOrganisations(loaders, openOnly).load(organisation.id);
  }
}

@Resolver(() => Person)
export class PersonTasksResolver {
  constructor(private readonly service: TasksService) {}

  @ResolveField(() => [Task], { description: 'Unarchived tasks about this person, every status, earliest due first' })
  tasks(@Parent() person: Person, @Context() { loaders }: GraphQLContext) {
    return this.service.tasksOfPeople(loaders).load(person.id);
  }
}
