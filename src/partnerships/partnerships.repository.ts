import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Db, Table } from '../database/table';
import { Partnership } from './partnership.model';

export const partnershipsTable = new Table<Partnership>({
  table: 'partnerships',
  alias: 'pa',
  recordType: 'Partnership',
  columns: {
    id: 'id',
    leadId: 'lead_id',
    title: 'title',
    kind: 'kind',
    signedOn: 'signed_on',
    valueEur: 'value_eur',
    status: 'status',
    endedOn: 'ended_on',
    description: 'description',
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  writable: ['leadId', 'title', 'kind', 'signedOn', 'valueEur', 'status', 'endedOn', 'description'],
});

/** SQL for partnerships and their parties: plain rows. */
@Injectable()
export class PartnershipsRepository {
  readonly partnerships = partnershipsTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Partnership[]> {
    return this.partnerships.findByIds(db, ids);
  }
}
