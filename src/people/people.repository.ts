import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Db, Table } from '../database/table';
import { Affiliation, Person } from './person.model';

export const peopleTable = new Table<Person>({
  table: 'people',
  alias: 'p',
  recordType: 'Person',
  columns: {
    id: 'id',
    title: 'title',
    givenName: 'given_name',
    familyName: 'family_name',
    emails: 'emails',
    phones: 'phones',
    preferredLanguage: 'preferred_language',
    notes: 'notes',
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  writable: ['title', 'givenName', 'familyName', 'emails', 'phones', 'preferredLanguage', 'notes'],
  json: ['emails', 'phones'],
});

export const affiliationsTable = new Table<Affiliation>({
  table: 'affiliations',
  alias: 'af',
  recordType: 'Affiliation',
  columns: {
    id: 'id',
    personId: 'person_id',
    organisationId: 'organisation_id',
    jobTitle: 'job_title',
    department: 'department',
    startDate: 'start_date',
    endDate: 'end_date',
    isPrimary: 'is_primary',
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  computed: { isCurrent: '(af.end_date IS NULL OR af.end_date > current_date)' },
  writable: ['personId', 'organisationId', 'jobTitle', 'department', 'startDate', 'endDate', 'isPrimary'],
});

/** Sort key for people: family name, then given name, folded (accents, case) in byte order. */
export const PERSON_NAME_KEY = `liaison_fold(p.family_name || ' ' || p.given_name) COLLATE "C"`;

/** SQL for people and their affiliations: plain rows. */
@Injectable()
export class PeopleRepository {
  readonly people = peopleTable;
  readonly affiliations = affiliationsTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Person[]> {
    return this.people.findByIds(db, ids);
  }
}
