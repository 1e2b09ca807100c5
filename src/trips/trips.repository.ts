import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Db, Table } from '../database/table';
import { Trip } from './trip.model';

export const tripsTable = new Table<Trip>({
  table: 'trips',
  alias: 'tr',
  recordType: 'Trip',
  columns: {
    id: 'id',
    name: 'name',
    kind: 'kind',
    startDate: 'start_date',
    endDate: 'end_date',
    destinations: 'destinations',
    organiserId: 'organiser_id',
    objectives: 'objectives',
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  writable: ['name', 'kind', 'startDate', 'endDate', 'destinations', 'organiserId', 'objectives'],
  json: ['destinations'],
});

/** SQL for trips and their delegations: plain rows. */
@Injectable()
export class TripsRepository {
  readonly trips = tripsTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Trip[]> {
    return this.trips.findByIds(db, ids);
  }
}
