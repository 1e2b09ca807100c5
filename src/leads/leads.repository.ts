import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Db, Table } from '../database/table';
import { Lead } from './lead.model';

export const leadsTable = new Table<Lead>({
  table: 'leads',
  alias: 'l',
  recordType: 'Lead',
  columns: {
    id: 'id',
    title: 'title',
    description: 'description',
    kind: 'kind',
    topics: 'topics',
    stage: 'stage',
    stageChangedAt: 'stage_changed_at',
    ownerId: 'owner_id',
    originTripId: 'origin_trip_id',
    originMeetingId: 'origin_meeting_id',
    estimatedValue: 'estimated_value',
    potentialJobs: 'potential_jobs',
    probability: 'probability',
    nextStep: 'next_step',
    nextStepDate: 'next_step_date',
    closedReason: 'closed_reason',
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  computed: { isOpen: `(l.stage NOT IN ('WON', 'LOST'))` },
  writable: [
    'title',
    'description',
    'kind',
    'topics',
    'stage',
    'stageChangedAt',
    'ownerId',
    'originTripId',
    'originMeetingId',
    'estimatedValue',
    'potentialJobs',
    'probability',
    'nextStep',
    'nextStepDate',
    'closedReason',
  ],
});

/** SQL for leads, their organisations, contacts and stage history: plain rows. */
@Injectable()
export class LeadsRepository {
  readonly leads = leadsTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Lead[]> {
    return this.leads.findByIds(db, ids);
  }
}
