import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Db, Table } from '../database/table';
import { Note } from './note.model';

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
});

/** SQL for notes: plain rows. */
@Injectable()
export class NotesRepository {
  readonly notes = notesTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Note[]> {
    return this.notes.findByIds(db, ids);
  }
}
