import { Injectable } from '@nestjs/common';
import { tableVisibleSql, taskVisibleSql } from '../access/access-policy';
import { DataSource } from 'typeorm';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { SqlParams } from '../database/sql';
import { countWhere, Db, findKeysetPage, Table } from '../database/table';
import { TaskFilter, TaskOrderField } from './dto/tasks.args';
import { Task } from './task.model';

// A task without a due date has nothing to be late for: FALSE, never NULL.
const IS_OVERDUE = `(t.status = 'OPEN' AND t.due_date IS NOT NULL AND t.due_date < current_date)`;

export const tasksTable = new Table<Task>({
  table: 'tasks',
  alias: 't',
  recordType: 'Task',
  columns: {
    id: 'id',
    title: 'title',
    description: 'description',
    dueDate: 'due_date',
    assigneeId: 'assignee_id',
    status: 'status',
    completedAt: 'completed_at',
    leadId: 'lead_id',
    meetingId: 'meeting_id',
    organisationId: 'organisation_id',
    personId: 'person_id',
    isCommitment: 'is_commitment',
    promisedById: 'promised_by_id',
    createdBy: 'created_by',
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  computed: { isOverdue: IS_OVERDUE },
  // A task of a lead or meeting the viewer may not see is as confidential as that record.
  visibility: () => taskVisibleSql('t'),
  writable: [
    'title',
    'description',
    'dueDate',
    'assigneeId',
    'status',
    'completedAt',
    'leadId',
    'meetingId',
    'organisationId',
    'personId',
    'isCommitment',
    'promisedById',
    'createdBy',
  ],
});

// Keyset pages need a sort key that is never NULL: undated tasks sort after every real date.
const DUE_KEY = `COALESCE(t.due_date, DATE '9999-12-31')`;
const DUE_ORDER = `${DUE_KEY}, t.created_at, t.id`;

/** The tables a task's references point into, in the order their errors are reported. */
export const TASK_REFERENCES = {
  assigneeId: 'users',
  leadId: 'leads',
  meetingId: 'meetings',
  organisationId: 'organisations',
  personId: 'people',
  promisedById: 'people',
} as const;
export type TaskReferenceField = keyof typeof TASK_REFERENCES;

/** The task columns that link it to a record; lists of tasks per record are read by one of them. */
export type TaskLinkColumn = 'lead_id' | 'meeting_id' | 'organisation_id' | 'person_id';

export interface TaskPageQuery {
  filter?: TaskFilter;
  orderField: TaskOrderField;
  direction: SortDirection;
  first: number;
  after?: unknown[];
}

/** SQL for follow-up tasks: plain rows, one statement per call. */
@Injectable()
export class TasksRepository {
  readonly tasks = tasksTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Task[]> {
    return this.tasks.findByIds(db, ids);
  }

  findPage(query: TaskPageQuery) {
    const params = new SqlParams();
    const byDue = query.orderField === TaskOrderField.DUE_DATE;
    return findKeysetPage<Task>(this.dataSource.manager, {
      select: this.tasks.select,
      from: this.tasks.from,
      where: this.filterConditions(query.filter, params),
      params,
      sortKey: byDue ? DUE_KEY : 't.updated_at',
      sortType: byDue ? 'date' : 'timestamptz',
      idColumn: 't.id',
      direction: query.direction,
      first: query.first,
      after: query.after,
    });
  }

  count(filter?: TaskFilter): Promise<number> {
    const params = new SqlParams();
    return countWhere(this.dataSource.manager, this.tasks.from, this.filterConditions(filter, params), params);
  }

  /** Unarchived tasks linked to any of `ids` through `column`, earliest due first. */
  findLinkedTo(
    column: TaskLinkColumn,
    ids: readonly string[],
    only: { open?: boolean; commitments?: boolean } = {},
  ): Promise<Task[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const where = [`t.${column} = ANY($1::uuid[])`, 't.archived_at IS NULL', this.tasks.visible()];
    if (only.open) where.push(`t.status = 'OPEN'`);
    if (only.commitments) where.push('t.is_commitment');
    return this.dataSource.query(
      `SELECT ${this.tasks.select} FROM ${this.tasks.from} WHERE ${where.join(' AND ')} ORDER BY ${DUE_ORDER}`,
      [ids],
    );
  }

  /** Per lead, its unarchived OPEN task that is due first (undated ones last). */
  findNextOfLeads(leadIds: readonly string[]): Promise<Task[]> {
    if (leadIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT DISTINCT ON (t.lead_id) ${this.tasks.select} FROM ${this.tasks.from}
       WHERE t.lead_id = ANY($1::uuid[]) AND t.status = 'OPEN' AND t.archived_at IS NULL AND ${this.tasks.visible()}
       ORDER BY t.lead_id, ${DUE_ORDER}`,
      [leadIds],
    );
  }

  /** Which of the given references point at no row, in TASK_REFERENCES order; one statement. */
  async findMissingReferences(db: Db, ids: Partial<Record<TaskReferenceField, string | null>>): Promise<TaskReferenceField[]> {
    const fields = (Object.keys(TASK_REFERENCES) as TaskReferenceField[]).filter((field) => ids[field]);
    if (fields.length === 0) return [];
    const params = new SqlParams();
    const checks = fields.map(
      (field) =>
        `SELECT ${params.add(field)}::text AS field
         WHERE NOT EXISTS (SELECT 1 FROM ${TASK_REFERENCES[field]} r
                           WHERE r.id = ${params.add(ids[field])}::uuid AND ${tableVisibleSql(TASK_REFERENCES[field], 'r')})`,
    );
    const rows: { field: TaskReferenceField }[] = await db.query(checks.join(' UNION ALL '), params.values);
    const missing = new Set(rows.map((row) => row.field));
    return fields.filter((field) => missing.has(field));
  }

  private filterConditions(filter: TaskFilter | undefined, params: SqlParams): string[] {
    const where: string[] = this.tasks.visibleWhere();
    if (!filter?.includeArchived) where.push('t.archived_at IS NULL');
    if (filter?.assigneeId) where.push(`t.assignee_id = ${params.add(filter.assigneeId)}::uuid`);
    if (filter?.statuses?.length) where.push(`t.status = ANY(${params.add(filter.statuses)}::task_status[])`);
    if (filter?.leadId) where.push(`t.lead_id = ${params.add(filter.leadId)}::uuid`);
    if (filter?.meetingId) where.push(`t.meeting_id = ${params.add(filter.meetingId)}::uuid`);
    if (filter?.organisationId) where.push(`t.organisation_id = ${params.add(filter.organisationId)}::uuid`);
    if (filter?.personId) where.push(`t.person_id = ${params.add(filter.personId)}::uuid`);
    if (filter?.overdue === true) where.push(IS_OVERDUE);
    if (filter?.overdue === false) where.push(`NOT ${IS_OVERDUE}`);
    if (filter?.dueBefore) where.push(`t.due_date < ${params.add(filter.dueBefore)}::date`);
    if (filter?.commitmentsOnly) where.push('t.is_commitment');
    return where;
  }
}

