import { Injectable, Type } from '@nestjs/common';
import { UsersService } from '../auth/users.service';
import { LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Connection } from '../common/graphql/connection';
import { PageArgs } from '../common/graphql/page.args';
import { ConfidentialReadsLog } from '../access/confidential-reads.plugin';
import { Confidentiality } from '../access/confidentiality.enum';
import { LeadsArgs } from '../leads/dto/leads.args';
import { LeadsService } from '../leads/leads.service';
import { MeetingsArgs } from '../meetings/dto/meetings.args';
import { MeetingsService } from '../meetings/meetings.service';
import { OrganisationsArgs } from '../organisations/dto/organisations.args';
import { OrganisationsService } from '../organisations/organisations.service';
import { PeopleArgs } from '../people/dto/people.args';
import { PeopleService } from '../people/people.service';
import { TasksArgs } from '../tasks/dto/tasks.args';
import { TasksService } from '../tasks/tasks.service';
import { ExportQuery, listArgsOf } from './list-args';
import { Cell, ExportTable } from './spreadsheet';

export const EXPORT_LISTS = ['organisations', 'people', 'leads', 'tasks', 'meetings'] as const;
export type ExportListName = (typeof EXPORT_LISTS)[number];

/** Exports stop here rather than build a file nobody can open comfortably. */
export const MAX_EXPORT_ROWS = 50_000;

interface Column<T> {
  header: string;
  value: (row: T, emails: Map<string, string>) => Cell;
}

interface ListDefinition<T extends { id: string }> {
  args: Type<PageArgs>;
  page: (args: PageArgs) => Promise<Connection<T>>;
  columns: Column<T>[];
  /** Users a row refers to, shown by email. */
  userIds?: (row: T) => (string | null)[];
}

const list = (values: readonly string[] | null | undefined): string => (values ?? []).join(', ');
const email = (emails: Map<string, string>, id: string | null): string | null => (id ? (emails.get(id) ?? null) : null);

/**
 * Lists as CSV or XLSX: the same Args classes (so the same filters,
 * validation and order) and the same list services (so the same access
 * rules) as the GraphQL queries, walked page by page.
 */
@Injectable()
export class ExportsService {
  private readonly lists: Record<ExportListName, ListDefinition<any>>;

  constructor(
    organisations: OrganisationsService,
    people: PeopleService,
    leads: LeadsService,
    tasks: TasksService,
    meetings: MeetingsService,
    private readonly users: UsersService,
    private readonly confidentialReads: ConfidentialReadsLog,
  ) {
    this.lists = {
      organisations: {
        args: OrganisationsArgs,
        page: (args) => organisations.list(args as OrganisationsArgs),
        columns: [
          { header: 'Name', value: (o) => o.name },
          { header: 'Legal name', value: (o) => o.legalName },
          { header: 'Kind', value: (o) => o.kind },
          { header: 'Country', value: (o) => o.country },
          { header: 'Region', value: (o) => o.region },
          { header: 'NUTS', value: (o) => o.nutsCode },
          { header: 'City', value: (o) => o.city },
          { header: 'Website', value: (o) => o.website },
          { header: 'Sectors', value: (o) => list(o.sectors) },
          { header: 'Updated', value: (o) => o.updatedAt },
          { header: 'ID', value: (o) => o.id },
        ],
      },
      people: {
        args: PeopleArgs,
        page: (args) => people.list(args as PeopleArgs),
        columns: [
          { header: 'Title', value: (p) => p.title },
          { header: 'Given name', value: (p) => p.givenName },
          { header: 'Family name', value: (p) => p.familyName },
          { header: 'Email', value: (p) => p.emails[0]?.address ?? null },
          { header: 'Phone', value: (p) => p.phones[0]?.number ?? null },
          { header: 'Language', value: (p) => p.preferredLanguage },
          { header: 'Updated', value: (p) => p.updatedAt },
          { header: 'ID', value: (p) => p.id },
        ],
      },
      leads: {
        args: LeadsArgs,
        page: (args) => leads.list(args as LeadsArgs),
        userIds: (l) => [l.ownerId],
        columns: [
          { header: 'Title', value: (l) => l.title },
          { header: 'Kind', value: (l) => l.kind },
          { header: 'Stage', value: (l) => l.stage },
          { header: 'Topics', value: (l) => list(l.topics) },
          { header: 'Owner', value: (l, emails) => email(emails, l.ownerId) },
          { header: 'Estimated value (EUR)', value: (l) => l.estimatedValue },
          { header: 'Potential jobs', value: (l) => l.potentialJobs },
          { header: 'Probability (%)', value: (l) => l.probability },
          { header: 'Next step', value: (l) => l.nextStep },
          { header: 'Next step date', value: (l) => l.nextStepDate },
          { header: 'Closed reason', value: (l) => l.closedReason },
          { header: 'Updated', value: (l) => l.updatedAt },
          { header: 'ID', value: (l) => l.id },
        ],
      },
      tasks: {
        args: TasksArgs,
        page: (args) => tasks.list(args as TasksArgs),
        userIds: (t) => [t.assigneeId],
        columns: [
          { header: 'Title', value: (t) => t.title },
          { header: 'Due', value: (t) => t.dueDate },
          { header: 'Status', value: (t) => t.status },
          { header: 'Overdue', value: (t) => t.isOverdue },
          { header: 'Commitment', value: (t) => t.isCommitment },
          { header: 'Assignee', value: (t, emails) => email(emails, t.assigneeId) },
          { header: 'Updated', value: (t) => t.updatedAt },
          { header: 'ID', value: (t) => t.id },
        ],
      },
      meetings: {
        args: MeetingsArgs,
        page: (args) => meetings.list(args as MeetingsArgs),
        columns: [
          { header: 'Title', value: (m) => m.title },
          { header: 'Kind', value: (m) => m.kind },
          { header: 'Status', value: (m) => m.status },
          { header: 'Start (local)', value: (m) => m.startsAtLocal },
          { header: 'Time zone', value: (m) => m.timeZone },
          { header: 'Location', value: (m) => m.location },
          { header: 'Outcome', value: (m) => m.outcomeSummary },
          { header: 'Updated', value: (m) => m.updatedAt },
          { header: 'ID', value: (m) => m.id },
        ],
      },
    };
  }

  async table(name: string, query: ExportQuery): Promise<ExportTable> {
    const definition = this.lists[name as ExportListName];
    if (!definition) throw LiaisonException.notFound('Export', name, 'list');
    const base = await listArgsOf(definition.args, query);
    const loaders = new LoaderRegistry();
    const rows: Cell[][] = [];
    const reads: { table: string; id: string }[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await definition.page({ ...base, after });
      const nodes = page.edges.map((edge) => edge.node);
      // A confidential lead or meeting in the file is a read of it, logged like one through GraphQL.
      for (const node of nodes) {
        if (node.confidentiality === Confidentiality.CONFIDENTIAL) reads.push({ table: name, id: node.id });
      }
      const emails = await this.emailsOf(nodes.flatMap((node) => definition.userIds?.(node) ?? []), loaders);
      for (const node of nodes) rows.push(definition.columns.map((column) => column.value(node, emails)));
      if (rows.length > MAX_EXPORT_ROWS) {
        throw LiaisonException.badInput('filter', `More than ${MAX_EXPORT_ROWS} rows: narrow the filter`);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor ?? undefined;
    }
    await this.confidentialReads.record(reads);
    return { headers: definition.columns.map((column) => column.header), rows };
  }

  private async emailsOf(ids: (string | null)[], loaders: LoaderRegistry): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => !!id))];
    const users = await this.users.byId(loaders).loadMany(unique);
    const emails = new Map<string, string>();
    users.forEach((user, i) => {
      if (user && !(user instanceof Error)) emails.set(unique[i], user.email);
    });
    return emails;
  }

}
