import { Injectable } from '@nestjs/common';
import { recordRefVisible, tableVisibleSql } from '../access/access-policy';
import { DataSource } from 'typeorm';
import { RecordType } from '../common/graphql/record-type.enum';
import { SqlParams } from '../database/sql';
import { Db, escapeLike } from '../database/table';
import { RECORD_TABLES } from '../notes/record-tables';
import { TagCount } from './tag-count.model';

export interface RecordTag {
  recordId: string;
  tag: string;
}

// Tags in byte order of their folded form ("ärger" under a): the same on
// PGlite and PostgreSQL whatever the default collation.
const TAG_ORDER = `liaison_fold(g.tag) COLLATE "C", g.tag COLLATE "C"`;

/** SQL for taggings: (record type, record id, tag) rows. */
@Injectable()
export class TagsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async recordExists(db: Db, recordType: RecordType, recordId: string): Promise<boolean> {
    const table = RECORD_TABLES[recordType];
    const [{ exists }] = await db.query(
      `SELECT EXISTS (SELECT 1 FROM ${table} r WHERE r.id = $1 AND ${tableVisibleSql(table, 'r')}) AS exists`,
      [recordId],
    );
    return exists;
  }

  /** Adds the tags the record does not have yet; existing ones stay as they are. */
  async add(db: Db, recordType: RecordType, recordId: string, tags: string[], userId: string): Promise<void> {
    if (tags.length === 0) return;
    await db.query(
      `INSERT INTO taggings (record_type, record_id, tag, created_by)
       SELECT $1, $2, tag, $4 FROM unnest($3::text[]) AS tag
       ON CONFLICT (record_type, record_id, tag) DO NOTHING`,
      [recordType, recordId, tags, userId],
    );
  }

  async remove(db: Db, recordType: RecordType, recordId: string, tags: string[]): Promise<void> {
    if (tags.length === 0) return;
    await db.query(`DELETE FROM taggings WHERE record_type = $1 AND record_id = $2 AND tag = ANY($3::text[])`, [
      recordType,
      recordId,
      tags,
    ]);
  }

  /** Tags of records of one type, sorted. */
  findOnRecords(recordType: RecordType, recordIds: readonly string[], db: Db = this.dataSource.manager): Promise<RecordTag[]> {
    if (recordIds.length === 0) return Promise.resolve([]);
    return db.query(
      `SELECT g.record_id AS "recordId", g.tag FROM taggings g
       WHERE g.record_type = $1 AND g.record_id = ANY($2::uuid[])
       ORDER BY ${TAG_ORDER}`,
      [recordType, recordIds],
    );
  }

  /** Tags in use with how many records carry each, most used first. */
  countUsage(query: { prefix?: string; recordType?: RecordType; first: number }): Promise<TagCount[]> {
    const params = new SqlParams();
    // Taggings of leads and meetings the viewer may not see count for nothing.
    const visible = recordRefVisible('g.record_type', 'g.record_id');
    const where: string[] = visible === 'TRUE' ? [] : [visible];
    if (query.prefix) where.push(`g.tag LIKE ${params.add(escapeLike(query.prefix))} || '%'`);
    if (query.recordType) where.push(`g.record_type = ${params.add(query.recordType)}::record_type`);
    return this.dataSource.query(
      `SELECT g.tag, count(*)::int AS count FROM taggings g
       WHERE ${where.length ? where.join(' AND ') : 'TRUE'}
       GROUP BY g.tag ORDER BY count DESC, ${TAG_ORDER}
       LIMIT ${params.add(query.first)}`,
      params.values,
    );
  }
}
