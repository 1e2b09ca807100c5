import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { SqlParams } from '../database/sql';
import { countWhere, Db, findKeysetPage, Table } from '../database/table';
import { TripFilter, TripOrderField } from './dto/trips.args';
import { DelegateRole } from './trip.enums';
import { Delegate, Trip } from './trip.model';

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

// Same order on PGlite and PostgreSQL whatever their collation (see organisations).
const NAME_KEY = `liaison_fold(tr.name) COLLATE "C"`;

export interface TripPageQuery {
  filter?: TripFilter;
  orderField: TripOrderField;
  direction: SortDirection;
  first: number;
  after?: unknown[];
}

export interface DelegateValue {
  personId: string;
  role: DelegateRole;
}

/** SQL for trips and their delegations: plain rows. */
@Injectable()
export class TripsRepository {
  readonly trips = tripsTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Trip[]> {
    return this.trips.findByIds(db, ids);
  }

  findPage(query: TripPageQuery) {
    const params = new SqlParams();
    const byName = query.orderField === TripOrderField.NAME;
    return findKeysetPage<Trip>(this.dataSource.manager, {
      select: this.trips.select,
      from: this.trips.from,
      where: this.filterConditions(query.filter, params),
      params,
      sortKey: byName ? NAME_KEY : 'tr.start_date',
      sortType: byName ? 'text' : 'date',
      idColumn: 'tr.id',
      direction: query.direction,
      first: query.first,
      after: query.after,
    });
  }

  count(filter?: TripFilter): Promise<number> {
    const params = new SqlParams();
    return countWhere(this.dataSource.manager, this.trips.from, this.filterConditions(filter, params), params);
  }

  private filterConditions(filter: TripFilter | undefined, params: SqlParams): string[] {
    const where: string[] = [];
    if (!filter?.includeArchived) where.push('tr.archived_at IS NULL');
    if (filter?.kind) where.push(`tr.kind = ${params.add(filter.kind)}::trip_kind`);
    // Overlap with the from..to window: a trip running across `from` counts.
    if (filter?.from) where.push(`tr.end_date >= ${params.add(filter.from)}::date`);
    if (filter?.to) where.push(`tr.start_date <= ${params.add(filter.to)}::date`);
    if (filter?.country) {
      where.push(`tr.destinations @> jsonb_build_array(jsonb_build_object('country', ${params.add(filter.country)}::text))`);
    }
    if (filter?.nameContains?.trim()) {
      // Folded on both sides, so "damico" finds D'Amico; the fold turns LIKE's % _ \ into spaces, so nothing needs escaping.
      where.push(`liaison_fold(tr.name) LIKE '%' || liaison_fold(${params.add(filter.nameContains)}) || '%'`);
    }
    return where;
  }

  /** The delegations of several trips: by role (HEAD first), then by the person's name. */
  async delegatesOf(tripIds: readonly string[]): Promise<Delegate[]> {
    if (tripIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT d.trip_id AS "tripId", d.person_id AS "personId", d.role
       FROM trip_delegates d JOIN people p ON p.id = d.person_id
       WHERE d.trip_id = ANY($1::uuid[])
       ORDER BY d.trip_id, d.role, liaison_fold(p.family_name || ' ' || p.given_name) COLLATE "C", p.id`,
      [tripIds],
    );
  }

  async insertDelegates(db: Db, tripId: string, delegates: readonly DelegateValue[]): Promise<void> {
    if (delegates.length === 0) return;
    await db.query(
      `INSERT INTO trip_delegates (trip_id, person_id, role)
       SELECT $1, d.person_id, d.role FROM unnest($2::uuid[], $3::delegate_role[]) AS d(person_id, role)`,
      [tripId, delegates.map((d) => d.personId), delegates.map((d) => d.role)],
    );
  }

  async upsertDelegate(db: Db, tripId: string, delegate: DelegateValue): Promise<void> {
    await db.query(
      `INSERT INTO trip_delegates (trip_id, person_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (trip_id, person_id) DO UPDATE SET role = EXCLUDED.role`,
      [tripId, delegate.personId, delegate.role],
    );
  }

  async deleteDelegate(db: Db, tripId: string, personId: string): Promise<void> {
    await db.query(`DELETE FROM trip_delegates WHERE trip_id = $1 AND person_id = $2`, [tripId, personId]);
  }

  /** Which of these people exist (archived ones included: they stay valid references). */
  async existingPersonIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await db.query(`SELECT id FROM people WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((row) => row.id));
  }
}
