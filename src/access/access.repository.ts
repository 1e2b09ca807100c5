import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Db } from '../database/table';
import { GuardedRecord, visibleSql, Viewer } from './access-policy';

const TABLES: Record<GuardedRecord, string> = { LEAD: 'leads', MEETING: 'meetings' };

/** SQL for the named extra users of confidential records. */
@Injectable()
export class AccessRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Named extra users of each record, in the order they were named. */
  sharedWithOf(record: GuardedRecord, recordIds: readonly string[]): Promise<{ recordId: string; userId: string }[]> {
    return this.dataSource.query(
      `SELECT record_id AS "recordId", user_id AS "userId" FROM record_access
       WHERE record_type = $1 AND record_id = ANY($2::uuid[]) ORDER BY created_at, user_id`,
      [record, recordIds],
    );
  }

  async replaceSharedWith(db: Db, record: GuardedRecord, recordId: string, userIds: readonly string[], grantedBy: string | null) {
    await db.query(`DELETE FROM record_access WHERE record_type = $1 AND record_id = $2 AND user_id <> ALL($3::uuid[])`, [
      record,
      recordId,
      userIds,
    ]);
    await this.grant(db, record, recordId, userIds, grantedBy);
  }

  async grant(db: Db, record: GuardedRecord, recordId: string, userIds: readonly string[], grantedBy: string | null) {
    if (userIds.length === 0) return;
    await db.query(
      `INSERT INTO record_access (record_type, record_id, user_id, granted_by)
       SELECT $1, $2, u, $4 FROM unnest($3::uuid[]) AS u ON CONFLICT DO NOTHING`,
      [record, recordId, userIds, grantedBy],
    );
  }

  async existingUserIds(db: Db, userIds: readonly string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await db.query(`SELECT id FROM users WHERE id = ANY($1::uuid[])`, [userIds]);
    return new Set(rows.map((row) => row.id));
  }

  /** Whether `viewer` sees the record under the policy, inside the caller's transaction. */
  async sees(db: Db, record: GuardedRecord, recordId: string, viewer: Viewer): Promise<boolean> {
    const rows = await db.query(`SELECT 1 FROM ${TABLES[record]} r WHERE r.id = $1 AND ${visibleSql(record, 'r', viewer)}`, [recordId]);
    return rows.length > 0;
  }
}
