import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import { User } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { IdArgs } from '../common/graphql/id.args';
import { Lead } from '../leads/lead.model';
import { LeadsService } from '../leads/leads.service';
import { Meeting } from '../meetings/meeting.model';
import { MeetingsService } from '../meetings/meetings.service';
import { Organisation } from '../organisations/organisation.model';
import { OrganisationsService } from '../organisations/organisations.service';
import { Person } from '../people/person.model';
import { PeopleService } from '../people/people.service';
import { CreateTaskInput } from './dto/create-task.input';
import { TaskVersionArgs } from './dto/task-version.args';
import { MyTasksArgs, TasksArgs } from './dto/tasks.args';
import { UpdateTaskArgs } from './dto/update-task.args';
import { Task, TaskConnection } from './task.model';
import { TasksService } from './tasks.service';

@Resolver(() => Task)
export class TasksResolver {
  constructor(
    private readonly service: TasksService,
    private readonly users: UsersService,
    private readonly leads: LeadsService,
    private readonly meetings: MeetingsService,
    private readonly organisations: OrganisationsService,
    private readonly people: PeopleService,
  ) {}

  @Query(() => Task, { description: 'One task by id, archived or not' })
  task(@Args() { id }: IdArgs): Promise<Task> {
    return this.service.getById(id);
  }

  @Query(() => TaskConnection, { description: 'Tasks, filtered and in keyset pages; earliest due first by default' })
  tasks(@Args() args: TasksArgs) {
    return this.service.list(args);
  }

  @Query(() => TaskConnection, {
    description: "The caller's unarchived tasks, earliest due first. myTasks(overdue: true): promised and not done",
  })
  myTasks(@Args() args: MyTasksArgs, @CurrentUser() user: User) {
    return this.service.listMine(user.id, args);
  }

  @Mutation(() => Task, { description: 'A new OPEN task, assigned to the caller unless assigneeId says otherwise' })
  createTask(@Args('input') input: CreateTaskInput, @CurrentUser() user: User): Promise<Task> {
    return this.service.create(input, user.id);
  }

  @Mutation(() => Task, { description: 'Change fields (not the status); CONFLICT when expectedVersion is stale' })
  updateTask(@Args() { id, expectedVersion, input }: UpdateTaskArgs): Promise<Task> {
    return this.service.update(id, expectedVersion, input);
  }

  @Mutation(() => Task, { description: 'OPEN -> DONE, completedAt now' })
  completeTask(@Args() { id, expectedVersion }: TaskVersionArgs): Promise<Task> {
    return this.service.complete(id, expectedVersion);
  }

  @Mutation(() => Task, { description: 'OPEN -> CANCELLED' })
  cancelTask(@Args() { id, expectedVersion }: TaskVersionArgs): Promise<Task> {
    return this.service.cancel(id, expectedVersion);
  }

  @Mutation(() => Task, { description: 'DONE or CANCELLED -> OPEN' })
  reopenTask(@Args() { id, expectedVersion }: TaskVersionArgs): Promise<Task> {
    return this.service.reopen(id, expectedVersion);
  }

  @Mutation(() => Task, { description: 'Soft delete: hidden from lists unless includeArchived' })
  archiveTask(@Args() { id }: IdArgs): Promise<Task> {
    return this.service.setArchived(id, true);
  }

  @Mutation(() => Task)
  restoreTask(@Args() { id }: IdArgs): Promise<Task> {
    return this.service.setArchived(id, false);
  }

  @ResolveField(() => User, { nullable: true })
  assignee(@Parent() task: Task, @Context() { loaders }: GraphQLContext) {
    return task.assigneeId ? this.users.byId(loaders).load(task.assigneeId) : null;
  }

  @ResolveField(() => Lead, { nullable: true })
  lead(@Parent() task: Task, @Context() { loaders }: GraphQLContext) {
    return task.leadId ? this.leads.byId(loaders).load(task.leadId) : null;
  }

  @ResolveField(() => Meeting, { nullable: true })
  meeting(@Parent() task: Task, @Context() { loaders }: GraphQLContext) {
    return task.meetingId ? this.meetings.byId(loaders).load(task.meetingId) : null;
  }

  @ResolveField(() => Organisation, { nullable: true })
  organisation(@Parent() task: Task, @Context() { loaders }: GraphQLContext) {
    return task.organisationId ? this.organisations.byId(loaders).load(task.organisationId) : null;
  }

  @ResolveField(() => Person, { nullable: true })
  person(@Parent() task: Task, @Context() { loaders }: GraphQLContext) {
    return task.personId ? this.people.byId(loaders).load(task.personId) : null;
  }

  @ResolveField(() => Person, { nullable: true, description: 'Who made the promise, for a commitment' })
  promisedBy(@Parent() task: Task, @Context() { loaders }: GraphQLContext) {
    return task.promisedById ? this.people.byId(loaders).load(task.promisedById) : null;
  }
}
