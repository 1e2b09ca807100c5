import { Injectable, Type } from '@nestjs/common';
import { User } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import { LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { InputValidationPipe } from '../common/validation/validation.pipe';
import { Person } from '../people/person.model';
import { PeopleService } from '../people/people.service';
import { ActivityPeriod, ActivityReport } from '../reporting/activity-report.model';
import { ActivityReportArgs } from '../reporting/dto/activity-report.args';
import { FollowUpReportArgs } from '../reporting/dto/follow-up-report.args';
import { PipelineReportArgs } from '../reporting/dto/pipeline-report.args';
import { TripReportArgs } from '../reporting/dto/trip-report.args';
import { FollowUpReport, OverdueTasksOfAssignee, StaleLead, UpcomingNextStep } from '../reporting/follow-up-report.model';
import { PipelineGroup, PipelineReport, PipelineStageFigures } from '../reporting/pipeline-report.model';
import { ReportingService } from '../reporting/reporting.service';
import { KeyCount, NewKnownCount, TripReport, TripReportLead, TripReportPartnership } from '../reporting/trip-report.model';
import { Task } from '../tasks/task.model';
import { TasksService } from '../tasks/tasks.service';
import { Trip } from '../trips/trip.model';
import { TripsService } from '../trips/trips.service';
import { Cell, ExportFormat, Sheet } from './spreadsheet';

export const EXPORT_REPORTS = ['pipeline', 'trip', 'follow-up', 'activity'] as const;
export type ExportReportName = (typeof EXPORT_REPORTS)[number];

/** Records a report refers to by id, read after it through the request's loaders. */
interface References {
  users?: (string | null)[];
  people?: string[];
  tasks?: string[];
  trips?: string[];
}

/** The referenced records the caller can see; a missing one is left out, as the GraphQL field resolvers do. */
class Found {
  constructor(
    private readonly users: Map<string, User>,
    private readonly people: Map<string, Person>,
    private readonly tasks: Map<string, Task>,
    private readonly trips: Map<string, Trip>,
  ) {}

  email(id: string | null): string | null {
    return id ? (this.users.get(id)?.email ?? null) : null;
  }

  tripName(id: string): string | null {
    return this.trips.get(id)?.name ?? null;
  }

  peopleOf(ids: string[]): Person[] {
    return ids.map((id) => this.people.get(id)).filter((person): person is Person => !!person);
  }

  tasksOf(ids: string[]): Task[] {
    return ids.map((id) => this.tasks.get(id)).filter((task): task is Task => !!task);
  }
}

interface Column<T> {
  header: string;
  value: (row: T, found: Found) => Cell;
}

/** One table of a report: a worksheet in XLSX, or the one table of a CSV. */
interface Section<R> {
  name: string;
  rows: (report: R, found: Found) => any[];
  columns: Column<any>[];
  references?: (report: R) => References;
}

interface ReportDefinition<R> {
  /** The GraphQL query's ArgsType: the same arguments, defaults and validation. */
  args: Type<object>;
  example: string;
  run: (reporting: ReportingService, args: any) => Promise<R>;
  /** The first is the main section, the CSV's default. */
  sections: Section<R>[];
}

function section<R, T>(
  name: string,
  rows: (report: R, found: Found) => T[],
  columns: Column<T>[],
  references?: (report: R) => References,
): Section<R> {
  return { name, rows, columns, references };
}

const keyCounts = <R>(name: string, rows: (report: R) => KeyCount[], key: string, count: string) =>
  section<R, KeyCount>(name, rows, [
    { header: key, value: (row) => row.key },
    { header: count, value: (row) => row.count },
  ]);

const newKnownCounts = <R>(name: string, rows: (report: R) => NewKnownCount[], key: string) =>
  section<R, NewKnownCount>(name, rows, [
    { header: key, value: (row) => row.key },
    { header: 'Organisations', value: (row) => row.total },
    { header: 'New', value: (row) => row.new },
    { header: 'Already known', value: (row) => row.alreadyKnown },
  ]);

const commitments = <R>(name: string, ids: (report: R) => string[]) =>
  section<R, Task>(
    name,
    (report, found) => found.tasksOf(ids(report)),
    [
      { header: 'Title', value: (task) => task.title },
      { header: 'Due', value: (task) => task.dueDate },
      { header: 'Assignee', value: (task, found) => found.email(task.assigneeId) },
      { header: 'ID', value: (task) => task.id },
    ],
    (report) => ({ tasks: ids(report) }),
  );

const REPORTS: Record<ExportReportName, ReportDefinition<any>> = {
  pipeline: {
    args: PipelineReportArgs,
    example: '{"filter":{"asOf":"2024-08-31","country":"IT"},"groupBy":"OWNER"}',
    run: (reporting, args: PipelineReportArgs) => reporting.pipeline(args),
    sections: [
      section<PipelineReport, PipelineStageFigures>('stages', (report) => report.stages, [
        { header: 'Stage', value: (row) => row.stage },
        { header: 'Leads', value: (row) => row.leads },
        { header: 'Estimated value (EUR)', value: (row) => row.estimatedValue },
        { header: 'Reached', value: (row) => row.reached },
        { header: 'Conversion rate', value: (row) => row.conversionRate },
        { header: 'Median days in stage', value: (row) => row.medianDaysInStage },
      ]),
      section<PipelineReport, PipelineGroup>('groups', (report) => report.groups, [
        { header: 'Key', value: (row) => row.key },
        { header: 'Label', value: (row) => row.label },
        { header: 'Leads', value: (row) => row.leads },
        { header: 'Estimated value (EUR)', value: (row) => row.estimatedValue },
      ]),
    ],
  },
  trip: {
    args: TripReportArgs,
    example: '{"tripId":"51a34d87-e276-599e-81e3-86a146313c40","asOf":"2024-08-31"}',
    run: (reporting, args: TripReportArgs) => reporting.trip(args),
    sections: [
      section<TripReport, TripReport>(
        'summary',
        (report) => [report],
        [
          { header: 'Trip ID', value: (r) => r.tripId },
          { header: 'Trip', value: (r, found) => found.tripName(r.tripId) },
          { header: 'As of', value: (r) => r.asOf },
          { header: 'Meetings', value: (r) => r.meetings.total },
          { header: 'Meetings held', value: (r) => r.meetings.held },
          { header: 'Meetings planned', value: (r) => r.meetings.planned },
          { header: 'Meetings cancelled', value: (r) => r.meetings.cancelled },
          { header: 'Organisations met', value: (r) => r.organisations.total },
          { header: 'Organisations new', value: (r) => r.organisations.new },
          { header: 'Organisations already known', value: (r) => r.organisations.alreadyKnown },
          { header: 'People met', value: (r) => r.peopleMet },
          { header: 'People met for the first time', value: (r) => r.peopleMetForFirstTime },
          { header: 'Leads opened', value: (r) => r.leads.opened },
          { header: 'Leads estimated value (EUR)', value: (r) => r.leads.estimatedValue },
          { header: 'Leads potential jobs', value: (r) => r.leads.potentialJobs },
          { header: 'Partnerships formed', value: (r) => r.partnerships.formed },
          { header: 'Partnerships value (EUR)', value: (r) => r.partnerships.valueEur },
          { header: 'Partnerships potential jobs', value: (r) => r.partnerships.potentialJobs },
          { header: 'Commitments kept', value: (r) => r.commitments.kept },
          { header: 'Commitments open', value: (r) => r.commitments.open },
          { header: 'Commitments overdue', value: (r) => r.commitments.overdue },
        ],
        (report) => ({ trips: [report.tripId] }),
      ),
      keyCounts<TripReport>('meetings-by-kind', (report) => report.meetings.byKind, 'Kind', 'Held meetings'),
      keyCounts<TripReport>('meetings-by-city', (report) => report.meetings.byCity, 'City', 'Held meetings'),
      newKnownCounts<TripReport>('organisations-by-country', (report) => report.organisations.byCountry, 'Country'),
      newKnownCounts<TripReport>('organisations-by-kind', (report) => report.organisations.byKind, 'Kind'),
      section<TripReport, Person>(
        'new-contacts',
        (report, found) => found.peopleOf(report.newContactIds),
        [
          { header: 'Title', value: (p) => p.title },
          { header: 'Given name', value: (p) => p.givenName },
          { header: 'Family name', value: (p) => p.familyName },
          { header: 'ID', value: (p) => p.id },
        ],
        (report) => ({ people: report.newContactIds }),
      ),
      keyCounts<TripReport>('leads-by-stage', (report) => report.leads.byStage, 'Stage', 'Leads'),
      section<TripReport, TripReportLead>('leads', (report) => report.leads.leads, [
        { header: 'Title', value: (l) => l.title },
        { header: 'Stage', value: (l) => l.stage },
        { header: 'Stage since', value: (l) => l.stageSince },
        { header: 'Current stage', value: (l) => l.currentStage },
        { header: 'Estimated value (EUR)', value: (l) => l.estimatedValue },
        { header: 'Potential jobs', value: (l) => l.potentialJobs },
        { header: 'Lead ID', value: (l) => l.leadId },
      ]),
      section<TripReport, TripReportPartnership>('partnerships', (report) => report.partnerships.partnerships, [
        { header: 'Title', value: (p) => p.title },
        { header: 'Signed on', value: (p) => p.signedOn },
        { header: 'Value (EUR)', value: (p) => p.valueEur },
        { header: 'Potential jobs', value: (p) => p.potentialJobs },
        { header: 'Partnership ID', value: (p) => p.partnershipId },
        { header: 'Lead ID', value: (p) => p.leadId },
      ]),
      commitments<TripReport>('open-commitments', (report) => report.commitments.openTaskIds),
    ],
  },
  'follow-up': {
    args: FollowUpReportArgs,
    example: '{"staleDays":30,"upcomingDays":14}',
    run: (reporting, args: FollowUpReportArgs) => reporting.followUps(args),
    sections: [
      section<FollowUpReport, OverdueTasksOfAssignee>(
        'overdue-tasks-by-assignee',
        (report) => report.overdueTasksByAssignee,
        [
          { header: 'Assignee', value: (row, found) => found.email(row.assigneeId) },
          { header: 'Overdue tasks', value: (row) => row.overdue },
          { header: 'Commitments', value: (row) => row.commitments },
          { header: 'Oldest due date', value: (row) => row.oldestDueDate },
        ],
        (report) => ({ users: report.overdueTasksByAssignee.map((row) => row.assigneeId) }),
      ),
      section<FollowUpReport, StaleLead>(
        'stale-leads',
        (report) => report.staleLeads,
        [
          { header: 'Title', value: (l) => l.title },
          { header: 'Stage', value: (l) => l.stage },
          { header: 'Owner', value: (l, found) => found.email(l.ownerId) },
          { header: 'Last activity', value: (l) => l.lastActivityAt },
          { header: 'Days inactive', value: (l) => l.daysInactive },
          { header: 'Lead ID', value: (l) => l.leadId },
        ],
        (report) => ({ users: report.staleLeads.map((row) => row.ownerId) }),
      ),
      section<FollowUpReport, UpcomingNextStep>(
        'upcoming-next-steps',
        (report) => report.upcomingNextSteps,
        [
          { header: 'Title', value: (s) => s.title },
          { header: 'Stage', value: (s) => s.stage },
          { header: 'Owner', value: (s, found) => found.email(s.ownerId) },
          { header: 'Next step', value: (s) => s.nextStep },
          { header: 'Next step date', value: (s) => s.nextStepDate },
          { header: 'Lead ID', value: (s) => s.leadId },
        ],
        (report) => ({ users: report.upcomingNextSteps.map((row) => row.ownerId) }),
      ),
      commitments<FollowUpReport>('commitments-past-due', (report) => report.pastDueCommitmentIds),
    ],
  },
  activity: {
    args: ActivityReportArgs,
    example: '{"from":"2024-05-01","to":"2024-09-30","interval":"MONTH"}',
    run: (reporting, args: ActivityReportArgs) => reporting.activity(args),
    sections: [
      section<ActivityReport, ActivityPeriod>('periods', (report) => report.periods, [
        { header: 'Start', value: (p) => p.start },
        { header: 'End', value: (p) => p.end },
        { header: 'Meetings held', value: (p) => p.meetingsHeld },
        { header: 'New contacts', value: (p) => p.newContacts },
        { header: 'Leads opened', value: (p) => p.leadsOpened },
        { header: 'Leads won', value: (p) => p.leadsWon },
      ]),
    ],
  },
};

export interface ReportExportRequest {
  format: ExportFormat;
  section?: string;
  args?: string;
}

/**
 * Reports as CSV or XLSX: the GraphQL query's ArgsType through the same
 * validation pipe, and the same ReportingService call, made in the caller's
 * request so it counts what the caller may see. Only the shaping into tables
 * happens here.
 */
@Injectable()
export class ReportExportsService {
  private readonly validation = new InputValidationPipe();

  constructor(
    private readonly reporting: ReportingService,
    private readonly users: UsersService,
    private readonly people: PeopleService,
    private readonly tasks: TasksService,
    private readonly trips: TripsService,
  ) {}

  /** The worksheets of a download: every section for XLSX, the main one for CSV, or the one asked for. */
  async sheets(name: string, query: ReportExportRequest): Promise<Sheet[]> {
    const definition: ReportDefinition<unknown> | undefined = Object.hasOwn(REPORTS, name)
      ? REPORTS[name as ExportReportName]
      : undefined;
    if (!definition) {
      throw LiaisonException.notFound('Report', name, 'report');
    }
    const sections = this.sectionsOf(definition, query);
    const args = await this.validatedArgs(definition, query.args);
    const report = await this.run(definition, args);

    const loaders = new LoaderRegistry();
    const found = await this.resolve(sections.map((s) => s.references?.(report) ?? {}), loaders);
    return sections.map((s) => ({
      name: s.name,
      table: {
        headers: s.columns.map((column) => column.header),
        rows: s.rows(report, found).map((row) => s.columns.map((column) => column.value(row, found))),
      },
    }));
  }

  private sectionsOf(definition: ReportDefinition<unknown>, query: ReportExportRequest): Section<unknown>[] {
    if (query.section === undefined || query.section === '') {
      return query.format === 'xlsx' ? definition.sections : [definition.sections[0]];
    }
    const chosen = definition.sections.find((s) => s.name === query.section);
    if (!chosen) {
      const names = definition.sections.map((s) => s.name).join(', ');
      throw LiaisonException.badInput('section', `section must be one of: ${names}`);
    }
    return [chosen];
  }

  /** args arrive as JSON in the query string and go through the pipe GraphQL arguments go through, named `args.<field>`. */
  private async validatedArgs(definition: ReportDefinition<unknown>, text: string | undefined): Promise<object> {
    let plain: unknown = {};
    if (text !== undefined && text !== '') {
      try {
        plain = JSON.parse(text);
      } catch {
        throw LiaisonException.badInput('args', `args must be JSON, e.g. ${definition.example}`);
      }
    }
    if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
      throw LiaisonException.badInput('args', `args must be a JSON object, e.g. ${definition.example}`);
    }
    return (await this.validation.transform(plain, { type: 'query', metatype: definition.args, data: 'args' })) as object;
  }

  /** The report's own errors (an unknown trip, `to` before `from`) name their field as a path inside args. */
  private async run(definition: ReportDefinition<unknown>, args: object): Promise<unknown> {
    const reporting = this.reporting;
    try {
      return await definition.run(reporting, args);
    } catch (error) {
      if (error instanceof LiaisonException && typeof error.details.field === 'string') {
        throw new LiaisonException(error.code, error.message, { ...error.details, field: `args.${error.details.field}` });
      }
      throw error;
    }
  }

  private async resolve(references: References[], loaders: LoaderRegistry): Promise<Found> {
    const ids = (pick: (r: References) => (string | null)[] | undefined) => [
      ...new Set(references.flatMap((r) => pick(r) ?? []).filter((id): id is string => !!id)),
    ];
    const [people, tasks, trips] = await Promise.all([
      loadMap(this.people.byId(loaders), ids((r) => r.people)),
      loadMap(this.tasks.byId(loaders), ids((r) => r.tasks)),
      loadMap(this.trips.byId(loaders), ids((r) => r.trips)),
    ]);
    // Tasks are shown with their assignee's email.
    references.push({ users: [...tasks.values()].map((task) => task.assigneeId) });
    const users = await loadMap(this.users.byId(loaders), ids((r) => r.users));
    return new Found(users, people, tasks, trips);
  }
}

/** The records found for the ids, by id; none that vanished or that the caller may not see. */
async function loadMap<T>(loader: { loadMany(ids: string[]): Promise<(T | null | Error)[]> }, ids: string[]): Promise<Map<string, T>> {
  const map = new Map<string, T>();
  if (ids.length === 0) return map;
  const rows = await loader.loadMany(ids);
  rows.forEach((row, i) => {
    if (row !== null && !(row instanceof Error)) map.set(ids[i], row);
  });
  return map;
}
