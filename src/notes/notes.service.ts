import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../auth/role.enum';
import { User } from '../auth/user.model';
import { byKeys, groupByKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { RecordType } from '../common/graphql/record-type.enum';
import { Db } from '../database/table';
import { AddNoteInput } from './dto/add-note.input';
import { Note } from './note.model';
import { NotesRepository } from './notes.repository';

@Injectable()
export class NotesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: NotesRepository,
  ) {}

  /** The request's loader of Notes by id (null for an unknown id): one SQL statement per batch. */
  byId(loaders: LoaderRegistry) {
    return loaders.get<string, Note | null>('note.byId', async (ids) => byKeys(ids, await this.repository.findByIds(ids), (row) => row.id));
  }

  /** Batch read for per-request loaders. */
  findByIds(ids: readonly string[]): Promise<Note[]> {
    return this.repository.findByIds(ids);
  }

  /** Per request and record type: each record's unarchived notes, newest first. */
  notesOn(loaders: LoaderRegistry, recordType: RecordType) {
    return loaders.get<string, Note[]>(`notes.${recordType}`, async (ids) =>
      groupByKeys(ids, await this.repository.findOnRecords(recordType, ids), (row) => row.recordId),
    );
  }

  add(input: AddNoteInput, author: User): Promise<Note> {
    return this.dataSource.transaction(async (db) => {
      if (!(await this.repository.recordExists(db, input.recordType, input.recordId))) {
        throw LiaisonException.badInput('input.recordId', `No ${input.recordType.toLowerCase()} with id ${input.recordId}`);
      }
      return this.repository.notes.insert(db, { ...input, authorId: author.id });
    });
  }

  /** Only the author or an admin may change a note; CONFLICT when expectedVersion is stale. */
  update(id: string, expectedVersion: number, body: string, user: User): Promise<Note> {
    return this.dataSource.transaction(async (db) => {
      await this.getEditable(db, id, user);
      return this.repository.notes.updateVersioned(db, id, expectedVersion, { body });
    });
  }

  /** Archiving hides the note from its record; the same rule as editing applies. */
  setArchived(id: string, archived: boolean, user: User): Promise<Note> {
    return this.dataSource.transaction(async (db) => {
      await this.getEditable(db, id, user);
      return this.repository.notes.setArchived(db, id, archived);
    });
  }

  private async getEditable(db: Db, id: string, user: User): Promise<Note> {
    const note = await this.repository.notes.getById(db, id);
    if (note.authorId !== user.id && user.role !== Role.ADMIN) {
      throw LiaisonException.forbidden('Only the author of a note or an admin may change it');
    }
    return note;
  }
}
