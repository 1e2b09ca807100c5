import { Injectable } from '@nestjs/common';
import { recordRefVisible, taskVisibleSql, visibleSql } from '../access/access-policy';
import { DataSource } from 'typeorm';
import { SqlParams } from '../database/sql';
import { AuditEntry, AuditRecordType } from './audit.model';

/** Tables whose rows are recorded under each record type (link tables under their parent's id). */
export const AUDIT_TABLES: Record<AuditRecordType, string[]> = {
  USER: ['users', 'sessions', 'calendar_feeds'],
  API_KEY: ['api_keys'],
  ORGANISATION: ['organisations', 'taggings'],
  MEMBERSHIP: ['organisation_memberships'],
  PERSON: ['people', 'taggings'],
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

const COLUMNS = `a.id::text AS id, a.at, a.actor_user_id AS "actorUserId", a.actor_api_key_id AS "actorApiKeyId",
  a.actor, a.request_id AS "requestId", a.action, a.record_type AS "table", a.record_id AS "recordId", a.changes`;

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

  /** Newest first; keyset on the identity column. */
  async trail(recordType: AuditRecordType, recordId: string, first: number, before?: string): Promise<AuditRow[]> {
    const params = new SqlParams();
    const where = [`a.record_type = ANY(${params.add(AUDIT_TABLES[recordType])}::text[])`, `a.record_id = ${params.add(recordId)}`];
    if (before) where.push(`a.id < ${params.add(before)}::bigint`);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_log a WHERE ${where.join(' AND ')} ORDER BY a.id DESC LIMIT ${params.add(first + 1)}`,
      params.values,
    );
  }

  async countTrail(recordType: AuditRecordType, recordId: string): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_log a WHERE a.record_type = ANY($1::text[]) AND a.record_id = $2`,
      [AUDIT_TABLES[recordType], recordId],
    );
    return count;
  }

  /** Every entry in [from, to), oldest first, for the CSV export. */
  period(from: Date, to: Date): Promise<AuditRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM audit_log a WHERE a.at >= $1 AND a.at < $2 ORDER BY a.id`, [from, to]);
  }
}
