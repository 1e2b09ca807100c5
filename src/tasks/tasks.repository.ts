import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Db, Table } from '../database/table';
import { Task } from './task.model';

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
  computed: { isOverdue: `(t.status = 'OPEN' AND t.due_date < current_date)` },
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

/** SQL for follow-up tasks: plain rows. */
@Injectable()
export class TasksRepository {
  readonly tasks = tasksTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Task[]> {
    return this.tasks.findByIds(db, ids);
  }
}
