import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKeys, groupByKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Connection, decodeCursor, keysetConnection } from '../common/graphql/connection';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { Db } from '../database/table';
import { CreateTaskInput } from './dto/create-task.input';
import { MyTasksArgs, TaskFilter, TaskOrderField, TasksArgs } from './dto/tasks.args';
import { UpdateTaskInput } from './dto/update-task.args';
import { TaskStatus } from './task.enums';
import { Task } from './task.model';
import { TaskLinkColumn, TaskReferenceField, TasksRepository } from './tasks.repository';

const REQUIRED_ON_UPDATE = ['title', 'assigneeId', 'isCommitment'] as const;

const REFERENCE_NAMES: Record<TaskReferenceField, string> = {
  assigneeId: 'user',
  leadId: 'lead',
  meetingId: 'meeting',
  organisationId: 'organisation',
  personId: 'person',
  promisedById: 'person',
};

/** `field` under `prefix` (`input.leadId`, `input.commitments.0.leadId`), or bare without one. */
function fieldPath(prefix: string | undefined, field: string): string {
  return prefix ? `${prefix}.${field}` : field;
}

function notACommitment(prefix: string | undefined): LiaisonException {
  return LiaisonException.badInput(
    fieldPath(prefix, 'promisedById'),
    'promisedById is only for commitments: set isCommitment to true',
  );
}

@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: TasksRepository,
  ) {}

  /** The request's loader of Tasks by id (null for an unknown id): one SQL statement per batch. */
  byId(loaders: LoaderRegistry) {
    return loaders.get<string, Task | null>('task.byId', async (ids) => byKeys(ids, await this.repository.findByIds(ids), (row) => row.id));
  }

  /** Batch read for per-request loaders. */
  findByIds(ids: readonly string[]): Promise<Task[]> {
    return this.repository.findByIds(ids);
  }

  getById(id: string): Promise<Task> {
    return this.repository.tasks.getById(this.dataSource.manager, id);
  }

  list(args: TasksArgs): Promise<Connection<Task>> {
    return this.page(args.filter, args.orderBy?.field ?? TaskOrderField.DUE_DATE, args.orderBy?.direction ?? SortDirection.ASC, args);
  }

  /** The caller's unarchived tasks, earliest due first. */
  listMine(userId: string, args: MyTasksArgs): Promise<Connection<Task>> {
    const filter = Object.assign(new TaskFilter(), {
      assigneeId: userId,
      statuses: args.status ? [args.status] : undefined,
      overdue: args.overdue ?? undefined,
    });
    return this.page(filter, TaskOrderField.DUE_DATE, SortDirection.ASC, args);
  }

  create(input: CreateTaskInput, userId: string): Promise<Task> {
    return this.dataSource.transaction((db) => this.createIn(db, input, userId, 'input'));
  }

  /**
   * Creates a task inside the caller's transaction (logMeeting turns the
   * meeting's commitments into tasks this way). Unknown references are
   * BAD_USER_INPUT on `<fieldPrefix>.<field>`; without a prefix on the bare field.
   */
  async createIn(db: Db, input: CreateTaskInput, userId: string, fieldPrefix?: string): Promise<Task> {
    const values: Partial<Task> = {
      title: input.title,
      description: input.description ?? null,
      dueDate: input.dueDate ?? null,
      assigneeId: input.assigneeId ?? userId,
      status: TaskStatus.OPEN,
      leadId: input.leadId ?? null,
      meetingId: input.meetingId ?? null,
      organisationId: input.organisationId ?? null,
      personId: input.personId ?? null,
      isCommitment: input.isCommitment ?? false,
      promisedById: input.promisedById ?? null,
      createdBy: userId,
    };
    if (values.promisedById && !values.isCommitment) throw notACommitment(fieldPrefix);
    await this.assertReferencesExist(db, values, fieldPrefix);
    return this.repository.tasks.insert(db, values);
  }

  /** Changes fields, not the status; CONFLICT when expectedVersion is stale. */
  async update(id: string, expectedVersion: number, input: UpdateTaskInput): Promise<Task> {
    for (const field of REQUIRED_ON_UPDATE) {
      if (input[field] === null) throw LiaisonException.badInput(`input.${field}`, `${field} cannot be cleared`);
    }
    return this.dataSource.transaction(async (db) => {
      const current = await this.repository.tasks.getById(db, id);
      const values: Partial<Task> = { ...(input as Partial<Task>) };
      if (!(input.isCommitment ?? current.isCommitment)) {
        if (input.promisedById) throw notACommitment('input');
        // A task that is no longer a promise has nobody who promised it.
        values.promisedById = null;
      }
      await this.assertReferencesExist(db, input, 'input');
      return this.repository.tasks.updateVersioned(db, id, expectedVersion, values);
    });
  }

  complete(id: string, expectedVersion: number): Promise<Task> {
    return this.changeStatus(id, expectedVersion, [TaskStatus.OPEN], { status: TaskStatus.DONE, completedAt: new Date() });
  }

  cancel(id: string, expectedVersion: number): Promise<Task> {
    return this.changeStatus(id, expectedVersion, [TaskStatus.OPEN], { status: TaskStatus.CANCELLED, completedAt: null });
  }

  reopen(id: string, expectedVersion: number): Promise<Task> {
    return this.changeStatus(id, expectedVersion, [TaskStatus.DONE, TaskStatus.CANCELLED], {
      status: TaskStatus.OPEN,
      completedAt: null,
    });
  }

  /** Archiving hides the task from lists; archiving twice is harmless. */
  setArchived(id: string, archived: boolean): Promise<Task> {
    return this.dataSource.transaction((db) => this.repository.tasks.setArchived(db, id, archived));
  }

  /** Per request: each meeting's commitments (tasks promised in it), all statuses. */
  commitmentsOfMeetings(loaders: LoaderRegistry) {
    return this.linkedLoader(loaders, 'meeting.commitments', 'meeting_id', (task) => task.meetingId, { commitments: true });
  }

  tasksOfLeads(loaders: LoaderRegistry) {
    return this.linkedLoader(loaders, 'lead.tasks', 'lead_id', (task) => task.leadId);
  }

  tasksOfPeople(loaders: LoaderRegistry) {
    return this.linkedLoader(loaders, 'person.tasks', 'person_id', (task) => task.personId);
  }

  /** Per request: each organisation's own tasks; OPEN ones unless openOnly is false (null counts as the default). */
  tasksOfOrganisations(loaders: LoaderRegistry, openOnly: boolean | null) {
    const open = openOnly !== false;
    return this.linkedLoader(
      loaders,
      open ? 'organisation.openTasks' : 'organisation.tasks',
      'organisation_id',
      (task) => task.organisationId,
      { open },
    );
  }

  /** Per request: each lead's earliest-due OPEN task, null if it has none. */
  nextTaskOfLeads(loaders: LoaderRegistry) {
    return loaders.get<string, Task | null>('lead.nextTask', async (ids) =>
      byKeys(ids, await this.repository.findNextOfLeads(ids), (row) => row.leadId!),
    );
  }

  private linkedLoader(
    loaders: LoaderRegistry,
    name: string,
    column: TaskLinkColumn,
    keyOf: (task: Task) => string | null,
    only: { open?: boolean; commitments?: boolean } = {},
  ) {
    return loaders.get<string, Task[]>(name, async (ids) =>
      groupByKeys(ids, await this.repository.findLinkedTo(column, ids, only), (row) => keyOf(row)!),
    );
  }

  private async page(
    filter: TaskFilter | undefined,
    orderField: TaskOrderField,
    direction: SortDirection,
    args: { first: number; after?: string },
  ): Promise<Connection<Task>> {
    const rows = await this.repository.findPage({
      filter,
      orderField,
      direction,
      first: args.first,
      after: args.after ? decodeCursor(args.after, 2) : undefined,
    });
    return keysetConnection(rows, args.first, args.after, () => this.repository.count(filter));
  }

  /**
   * Status moves only OPEN -> DONE | CANCELLED and back. A stale version is
   * reported before a wrong status: the client's picture is out of date.
   */
  private changeStatus(id: string, expectedVersion: number, from: TaskStatus[], values: Partial<Task>): Promise<Task> {
    return this.dataSource.transaction(async (db) => {
      const task = await this.repository.tasks.lock(db, id);
      if (task.version === expectedVersion && !from.includes(task.status)) {
        throw LiaisonException.conflict(`Task ${id} is ${task.status}; only a task that is ${from.join(' or ')} can become ${values.status}`, {
          field: 'id',
          status: task.status,
        });
      }
      return this.repository.tasks.updateVersioned(db, id, expectedVersion, values);
    });
  }

  private async assertReferencesExist(db: Db, ids: Partial<Record<TaskReferenceField, string | null>>, prefix?: string) {
    const [missing] = await this.repository.findMissingReferences(db, ids);
    if (missing) {
      throw LiaisonException.badInput(fieldPath(prefix, missing), `No ${REFERENCE_NAMES[missing]} with id ${ids[missing]}`);
    }
  }
}
