import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLContext } from '../common/graphql/graphql-context';
import { PageArgs } from '../common/graphql/page.args';
import { Lead } from '../leads/lead.model';
import { LeadsService } from '../leads/leads.service';
import { Meeting } from '../meetings/meeting.model';
import { MeetingsService } from '../meetings/meetings.service';
import { Note } from '../notes/note.model';
import { NotesService } from '../notes/notes.service';
import { Organisation } from '../organisations/organisation.model';
import { Partnership } from '../partnerships/partnership.model';
import { PartnershipsService } from '../partnerships/partnerships.service';
import { Task } from '../tasks/task.model';
import { TasksService } from '../tasks/tasks.service';
import { TimelineConnection, TimelineEntry, TimelineKind } from './timeline.model';
import { TimelineService } from './timeline.service';

@Resolver(() => Organisation)
export class OrganisationTimelineResolver {
  constructor(private readonly service: TimelineService) {}

  @ResolveField(() => TimelineConnection, {
    description: 'Meetings, leads, stage changes, partnerships, tasks and notes, newest first. Meant for one organisation page.',
  })
  timeline(@Parent() organisation: Organisation, @Args() { first, after }: PageArgs) {
    return this.service.forOrganisation(organisation.id, first, after);
  }
}

/** The record behind an entry, each through its feature's per-request loader. */
@Resolver(() => TimelineEntry)
export class TimelineEntryResolver {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly leads: LeadsService,
    private readonly partnerships: PartnershipsService,
    private readonly tasks: TasksService,
    private readonly notes: NotesService,
  ) {}

  @ResolveField(() => Meeting, { nullable: true })
  meeting(@Parent() entry: TimelineEntry, @Context() { loaders }: GraphQLContext) {
    return entry.kind === TimelineKind.MEETING ? this.meetings.byId(loaders).load(entry.recordId) : null;
  }

  @ResolveField(() => Lead, { nullable: true, description: 'For LEAD_OPENED and STAGE_CHANGE' })
  lead(@Parent() entry: TimelineEntry, @Context() { loaders }: GraphQLContext) {
    const forLead = entry.kind === TimelineKind.LEAD_OPENED || entry.kind === TimelineKind.STAGE_CHANGE;
    return forLead ? this.leads.byId(loaders).load(entry.recordId) : null;
  }

  @ResolveField(() => Partnership, { nullable: true })
  partnership(@Parent() entry: TimelineEntry, @Context() { loaders }: GraphQLContext) {
    return entry.kind === TimelineKind.PARTNERSHIP ? this.partnerships.byId(loaders).load(entry.recordId) : null;
  }

  @ResolveField(() => Task, { nullable: true })
  task(@Parent() entry: TimelineEntry, @Context() { loaders }: GraphQLContext) {
    return entry.kind === TimelineKind.TASK ? this.tasks.byId(loaders).load(entry.recordId) : null;
  }

  @ResolveField(() => Note, { nullable: true })
  note(@Parent() entry: TimelineEntry, @Context() { loaders }: GraphQLContext) {
    return entry.kind === TimelineKind.NOTE ? this.notes.byId(loaders).load(entry.recordId) : null;
  }
}
