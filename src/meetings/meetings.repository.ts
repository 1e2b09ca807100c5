import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Db, Table } from '../database/table';
import { Meeting } from './meeting.model';

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
  ],
});

/** SQL for meetings, their organisations and participants: plain rows. */
@Injectable()
export class MeetingsRepository {
  readonly meetings = meetingsTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Meeting[]> {
    return this.meetings.findByIds(db, ids);
  }
}
