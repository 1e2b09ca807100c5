import { Injectable } from '@nestjs/common';
import { GuardedRecord, leadRefVisible, meetingRefVisible, recordRefVisible, taskVisibleSql, visibleSql } from '../access/access-policy';
import { DataSource } from 'typeorm';
import { absorbedBy } from '../database/record-aliases';
import { SqlParams } from '../database/sql';
import { AuditEntry, AuditRecordType } from './audit.model';

/** Tables whose rows are recorded under each record type (link tables under their parent's id). */
export const AUDIT_TABLES: Record<AuditRecordType, string[]> = {
  USER: ['users', 'sessions', 'calendar_feeds'],
  API_KEY: ['api_keys'],
  ORGANISATION: ['organisations', 'taggings', 'record_merges'],
  MEMBERSHIP: ['organisation_memberships'],
  PERSON: ['people', 'taggings', 'record_merges'],
  AFFILIATION: ['affiliations'],
  TRIP: ['trips', 'trip_delegates'],
  MEETING: ['meetings', 'meeting_organisations', 'meeting_participants', 'taggings', 'record_access'],
  LEAD: ['leads', 'lead_organisations', 'lead_contacts', 'lead_stage_changes', 'taggings', 'record_access'],
  TEAM: ['teams', 'team_members'],
  PARTNERSHIP: ['partnerships', 'partnership_parties'],
  TASK: ['tasks'],
  NOTE: ['notes'],
};

/**
 * Who may read a record's trail besides admins: its owner column, where the
 * record has one, and only while the caller may see the record (a task's
 * assignee does not read the trail of a task on a confidential lead hidden
 * from them).
 */
const OWNER_QUERIES: Partial<Record<AuditRecordType, () => string>> = {
  USER: () => 'SELECT id AS owner FROM users WHERE id = $1',
  LEAD: () => `SELECT l.owner_id AS owner FROM leads l WHERE l.id = $1 AND ${visibleSql('LEAD', 'l')}`,
  TASK: () => `SELECT u.owner FROM tasks t CROSS JOIN LATERAL (VALUES (t.assignee_id), (t.created_by)) AS u(owner)
                WHERE t.id = $1 AND ${taskVisibleSql('t')}`,
  NOTE: () => `SELECT n.author_id AS owner FROM notes n WHERE n.id = $1 AND ${recordRefVisible('n.record_type', 'n.record_id')}`,
};

/**
 * Columns of audited tables that hold the id of a lead or a meeting, or of
 * either (RECORD: the row's record_type says which). An entry shows such a
 * value only to a reader who may see that record; to anyone else it reads
 * as null, like a reference that was never set. A test compares this list
 * with the foreign keys of the live schema.
 */
export const GUARDED_REFERENCES: Record<string, Record<string, GuardedRecord | 'RECORD'>> = {
  leads: { origin_meeting_id: 'MEETING' },
  lead_organisations: { lead_id: 'LEAD' },
  lead_contacts: { lead_id: 'LEAD' },
  lead_stage_changes: { lead_id: 'LEAD' },
  meeting_organisations: { meeting_id: 'MEETING' },
  meeting_participants: { meeting_id: 'MEETING' },
  partnerships: { lead_id: 'LEAD' },
  tasks: { lead_id: 'LEAD', meeting_id: 'MEETING' },
  notes: { record_id: 'RECORD' },
  taggings: { record_id: 'RECORD' },
  record_access: { record_id: 'RECORD' },
};

/** Whether the JSON value `valueSql` of change `c` names a lead or meeting the viewer may not see (NULL when it names none). */
function hiddenReferenceSql(valueSql: string): string {
  const id = `(${valueSql} #>> '{}')::uuid`;
  const recordType = `COALESCE(a.changes -> 'record_type' ->> 1, a.changes -> 'record_type' ->> 0)`;
  const cases = Object.entries(GUARDED_REFERENCES).flatMap(([table, columns]) =>
    Object.entries(columns).map(([column, kind]) => {
      const visible =
        kind === 'LEAD' ? leadRefVisible(id) : kind === 'MEETING' ? meetingRefVisible(id) : recordRefVisible(recordType, id);
      // A polymorphic reference whose record type the entry does not carry is hidden: fail closed.
      return `WHEN a.record_type = '${table}' AND c.key = '${column}' THEN NOT COALESCE(${visible}, FALSE)`;
    }),
  );
  return `CASE ${cases.join(' ')} ELSE FALSE END`;
}

/**
 * `a.changes` as the viewer may read it: references to hidden leads and
 * meetings read as null, and a change of an UPDATE that then reads the same
 * before and after is left out (it would show that something hidden moved).
 */
function shownChangesSql(): string {
  const shown = (side: 0 | 1) => `CASE WHEN ${hiddenReferenceSql(`c.value -> ${side}`)} THEN 'null'::jsonb ELSE c.value -> ${side} END`;
  return `SELECT COALESCE(jsonb_object_agg(c.key, s.pair), '{}'::jsonb) AS changes
    FROM jsonb_each(a.changes) AS c(key, value)
    CROSS JOIN LATERAL (SELECT jsonb_build_array(${shown(0)}, ${shown(1)}) AS pair) s
    WHERE a.action IN ('INSERT', 'DELETE') OR s.pair -> 0 IS DISTINCT FROM s.pair -> 1 OR c.value -> 0 IS NOT DISTINCT FROM c.value -> 1`;
}

/** FROM clause of every read: each entry with the changes the viewer may read. */
function shownEntriesSql(): string {
  return `audit_log a CROSS JOIN LATERAL (${shownChangesSql()}) shown`;
}

/** An entry whose every change was hidden is left out: its moment and actor would show that a hidden record moved. */
const NOT_EMPTIED = `(shown.changes <> '{}'::jsonb OR a.changes = '{}'::jsonb)`;

const COLUMNS = `a.id::text AS id, a.at, a.actor_user_id AS "actorUserId", a.actor_api_key_id AS "actorApiKeyId",
  a.actor, a.request_id AS "requestId", a.action, a.record_type AS "table", a.record_id AS "recordId", shown.changes`;

type AuditRow = Omit<AuditEntry, 'changes'> & { changes: Record<string, [unknown, unknown]> };

/** SQL over audit_log, which the audit trigger fills; nothing here writes to it. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async ownersOf(recordType: AuditRecordType, recordId: string): Promise<string[]> {
    const sql = OWNER_QUERIES[recordType];
    if (!sql) return [];
    const rows: { owner: string | null }[] = await this.dataSource.query(sql(), [recordId]);
    return rows.flatMap((row) => (row.owner ? [row.owner] : []));
  }

  /** The record's id, and for a person or an organisation the ids merged into it: their trails became its own. */
  private async recordIds(recordType: AuditRecordType, recordId: string): Promise<string[]> {
    if (recordType !== AuditRecordType.PERSON && recordType !== AuditRecordType.ORGANISATION) return [recordId];
    return [recordId, ...(await absorbedBy(this.dataSource.manager, recordType, recordId))];
  }

  /** Newest first; keyset on the identity column. */
  async trail(recordType: AuditRecordType, recordId: string, first: number, before?: string): Promise<AuditRow[]> {
    const params = new SqlParams();
    const ids = await this.recordIds(recordType, recordId);
    const where = [`a.record_type = ANY(${params.add(AUDIT_TABLES[recordType])}::text[])`, `a.record_id = ANY(${params.add(ids)}::text[])`, NOT_EMPTIED];
    if (before) where.push(`a.id < ${params.add(before)}::bigint`);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${shownEntriesSql()} WHERE ${where.join(' AND ')} ORDER BY a.id DESC LIMIT ${params.add(first + 1)}`,
      params.values,
    );
  }

  async countTrail(recordType: AuditRecordType, recordId: string): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM ${shownEntriesSql()} WHERE a.record_type = ANY($1::text[]) AND a.record_id = ANY($2::text[]) AND ${NOT_EMPTIED}`,
      [AUDIT_TABLES[recordType], await this.recordIds(recordType, recordId)],
    );
    return count;
  }

  /** Every entry in [from, to), oldest first, for the CSV export. */
  period(from: Date, to: Date): Promise<AuditRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${shownEntriesSql()} WHERE a.at >= $1 AND a.at < $2 AND ${NOT_EMPTIED} ORDER BY a.id`,
      [from, to],
    );
  }
}
