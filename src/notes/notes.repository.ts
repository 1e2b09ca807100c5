import { Injectable } from '@nestjs/common';
import { recordRefVisible, tableVisibleSql } from '../access/access-policy';
import { DataSource } from 'typeorm';
import { RecordType } from '../common/graphql/record-type.enum';
import { Db, Table } from '../database/table';
import { Note } from './note.model';
import { RECORD_TABLES } from './record-tables';

export const notesTable = new Table<Note>({
  table: 'notes',
  alias: 'n',
  recordType: 'Note',
  columns: {
    id: 'id',
    recordType: 'record_type',
    recordId: 'record_id',
    body: 'body',
    authorId: 'author_id',
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  writable: ['recordType', 'recordId', 'body', 'authorId'],
  // A note on a lead or meeting the viewer may not see is as confidential as that record.
  visibility: () => recordRefVisible('n.record_type', 'n.record_id'),
});

/** SQL for notes: plain rows. */
@Injectable()
export class NotesRepository {
  readonly notes = notesTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Note[]> {
    return this.notes.findByIds(db, ids);
  }

  /** Unarchived notes on records of one type, newest first. */
  findOnRecords(recordType: RecordType, recordIds: readonly string[]): Promise<Note[]> {
    if (recordIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT ${this.notes.select} FROM ${this.notes.from}
       WHERE n.record_type = $1 AND n.record_id = ANY($2::uuid[]) AND n.archived_at IS NULL AND ${this.notes.visible()}
       ORDER BY n.created_at DESC, n.id DESC`,
      [recordType, recordIds],
    );
  }

  async recordExists(db: Db, recordType: RecordType, recordId: string): Promise<boolean> {
    const table = RECORD_TABLES[recordType];
    const [{ exists }] = await db.query(
      `SELECT EXISTS (SELECT 1 FROM ${table} r WHERE r.id = $1 AND ${tableVisibleSql(table, 'r')}) AS exists`,
      [recordId],
    );
    return exists;
  }
}
