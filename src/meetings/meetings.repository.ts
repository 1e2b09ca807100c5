import { Injectable } from '@nestjs/common';
import { meetingRefVisible, visibleSql } from '../access/access-policy';
import { DataSource } from 'typeorm';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { SqlParams } from '../database/sql';
import { countWhere, Db, findKeysetPage, Table } from '../database/table';
import { MeetingFilter } from './dto/meetings.args';
import { ParticipantSide } from './meeting.enums';
import { Meeting, Participant } from './meeting.model';

const LOCAL_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS'`;

export const meetingsTable = new Table<Meeting>({
  table: 'meetings',
  alias: 'm',
  recordType: 'Meeting',
  columns: {
    id: 'id',
    tripId: 'trip_id',
    title: 'title',
    kind: 'kind',
    status: 'status',
    cancelReason: 'cancel_reason',
    startsAt: 'starts_at',
    endsAt: 'ends_at',
    timeZone: 'time_zone',
    location: 'location',
    agenda: 'agenda',
    outcomeSummary: 'outcome_summary',
    intendedResult: 'intended_result',
    actualResult: 'actual_result',
    loggedBy: 'logged_by',
    loggedAt: 'logged_at',
    confidentiality: 'confidentiality',
    teamId: 'team_id',
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  // Wall-clock times in the meeting's own zone, whatever the server's zone.
  computed: {
    startsAtLocal: `to_char(m.starts_at AT TIME ZONE m.time_zone, ${LOCAL_FORMAT})`,
    endsAtLocal: `to_char(m.ends_at AT TIME ZONE m.time_zone, ${LOCAL_FORMAT})`,
  },
  writable: [
    'tripId',
    'title',
    'kind',
    'status',
    'cancelReason',
    'startsAt',
    'endsAt',
    'timeZone',
    'location',
    'agenda',
    'outcomeSummary',
    'intendedResult',
    'actualResult',
    'loggedBy',
    'loggedAt',
    'confidentiality',
    'teamId',
  ],
  visibility: () => visibleSql('MEETING', 'm'),
});

export interface MeetingPageQuery {
  filter?: MeetingFilter;
  direction: SortDirection;
  first: number;
  after?: unknown[];
}

export interface ParticipantValue {
  personId: string;
  side: ParticipantSide;
}

export interface MeetingOrganisationLink {
  meetingId: string;
  organisationId: string;
}

/** SQL for meetings, their organisations and participants: plain rows. */
/** Wall-clock times read in a zone: their instants, and whether each exists there. */
export interface LocalTimesRow {
  startsAt: Date;
  endsAt: Date | null;
  startsAtExists: boolean;
  endsAtExists: boolean;
}

@Injectable()
export class MeetingsRepository {
  readonly meetings = meetingsTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Meeting[]> {
    return this.meetings.findByIds(db, ids);
  }

  /**
   * The instants of wall-clock times in a zone, computed by PostgreSQL so the
   * result does not depend on the server's or the session's zone, and whether
   * each wall-clock time exists there: one the clocks skip (02:30 on
   * 2024-03-31 in Europe/Rome) is read as if the clocks had not changed yet
   * and so does not read back as itself. Fails with 22023 for a zone
   * PostgreSQL does not know.
   */
  async toInstants(db: Db, startsAtLocal: string, endsAtLocal: string | null, timeZone: string): Promise<LocalTimesRow> {
    const [row] = await db.query(
      `SELECT i.starts_at AS "startsAt", i.ends_at AS "endsAt",
              (i.starts_at AT TIME ZONE $3::text) = $1::timestamp AS "startsAtExists",
              (i.ends_at IS NULL OR (i.ends_at AT TIME ZONE $3::text) = $2::timestamp) AS "endsAtExists"
         FROM (SELECT $1::timestamp AT TIME ZONE $3::text AS starts_at, $2::timestamp AT TIME ZONE $3::text AS ends_at) i`,
      [startsAtLocal, endsAtLocal, timeZone],
    );
    return row;
  }

  findPage(query: MeetingPageQuery) {
    const params = new SqlParams();
    return findKeysetPage<Meeting>(this.dataSource.manager, {
      select: this.meetings.select,
      from: this.meetings.from,
      where: this.filterConditions(query.filter, params),
      params,
      sortKey: 'm.starts_at',
      sortType: 'timestamptz',
      idColumn: 'm.id',
      direction: query.direction,
      first: query.first,
      after: query.after,
    });
  }

  count(filter?: MeetingFilter): Promise<number> {
    const params = new SqlParams();
    return countWhere(this.dataSource.manager, this.meetings.from, this.filterConditions(filter, params), params);
  }

  private filterConditions(filter: MeetingFilter | undefined, params: SqlParams): string[] {
    const where: string[] = this.meetings.visibleWhere();
    if (!filter?.includeArchived) where.push('m.archived_at IS NULL');
    if (filter?.tripId) where.push(`m.trip_id = ${params.add(filter.tripId)}::uuid`);
    if (filter?.status) where.push(`m.status = ${params.add(filter.status)}::meeting_status`);
    if (filter?.kind) where.push(`m.kind = ${params.add(filter.kind)}::meeting_kind`);
    if (filter?.from) where.push(`m.starts_at >= ${params.add(filter.from)}::timestamptz`);
    if (filter?.to) where.push(`m.starts_at < ${params.add(filter.to)}::timestamptz`);
    if (filter?.organisationId) {
      where.push(
        `EXISTS (SELECT 1 FROM meeting_organisations mo WHERE mo.meeting_id = m.id AND mo.organisation_id = ${params.add(filter.organisationId)}::uuid)`,
      );
    }
    if (filter?.personId) {
      where.push(
        `EXISTS (SELECT 1 FROM meeting_participants mp WHERE mp.meeting_id = m.id AND mp.person_id = ${params.add(filter.personId)}::uuid)`,
      );
    }
    return where;
  }

  /** The programmes of several trips: their unarchived meetings in time order. */
  async programmesOf(tripIds: readonly string[]): Promise<Meeting[]> {
    if (tripIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${this.meetings.select} FROM ${this.meetings.from}
       WHERE m.trip_id = ANY($1::uuid[]) AND m.archived_at IS NULL AND ${this.meetings.visible()}
       ORDER BY m.trip_id, m.starts_at, m.id`,
      [tripIds],
    );
  }

  /** The organisations of several meetings, each meeting's in name order. */
  async organisationLinksOf(meetingIds: readonly string[], db: Db = this.dataSource.manager): Promise<MeetingOrganisationLink[]> {
    if (meetingIds.length === 0) return [];
    return db.query(
      `SELECT mo.meeting_id AS "meetingId", mo.organisation_id AS "organisationId"
       FROM meeting_organisations mo JOIN organisations o ON o.id = mo.organisation_id
       WHERE mo.meeting_id = ANY($1::uuid[]) AND ${meetingRefVisible('mo.meeting_id')}
       ORDER BY mo.meeting_id, liaison_fold(o.name) COLLATE "C", o.id`,
      [meetingIds],
    );
  }

  /** The participants of several meetings: delegation, then host, then our side, each by name. */
  async participantsOf(meetingIds: readonly string[], db: Db = this.dataSource.manager): Promise<Participant[]> {
    if (meetingIds.length === 0) return [];
    return db.query(
      `SELECT mp.meeting_id AS "meetingId", mp.person_id AS "personId", mp.side
       FROM meeting_participants mp JOIN people p ON p.id = mp.person_id
       WHERE mp.meeting_id = ANY($1::uuid[]) AND ${meetingRefVisible('mp.meeting_id')}
       ORDER BY mp.meeting_id, mp.side, liaison_fold(p.family_name || ' ' || p.given_name) COLLATE "C", p.id`,
      [meetingIds],
    );
  }

  async replaceOrganisations(db: Db, meetingId: string, organisationIds: readonly string[]): Promise<void> {
    await db.query(`DELETE FROM meeting_organisations WHERE meeting_id = $1`, [meetingId]);
    if (organisationIds.length === 0) return;
    await db.query(
      `INSERT INTO meeting_organisations (meeting_id, organisation_id) SELECT $1, unnest($2::uuid[])`,
      [meetingId, organisationIds],
    );
  }

  async replaceParticipants(db: Db, meetingId: string, participants: readonly ParticipantValue[]): Promise<void> {
    await db.query(`DELETE FROM meeting_participants WHERE meeting_id = $1`, [meetingId]);
    if (participants.length === 0) return;
    await db.query(
      `INSERT INTO meeting_participants (meeting_id, person_id, side)
       SELECT $1, p.person_id, p.side FROM unnest($2::uuid[], $3::participant_side[]) AS p(person_id, side)`,
      [meetingId, participants.map((p) => p.personId), participants.map((p) => p.side)],
    );
  }

  /** Which of these ids exist in `table` (archived rows included: they stay valid references). */
  async existingIds(db: Db, table: 'people' | 'organisations', ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await db.query(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((row) => row.id));
  }
}
