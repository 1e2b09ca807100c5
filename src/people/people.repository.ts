import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { SqlParams } from '../database/sql';
import { countWhere, Db, findKeysetPage, Table } from '../database/table';
import { PersonFilter, PersonOrderField } from './dto/people.args';
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
    background: 'background',
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  writable: ['title', 'givenName', 'familyName', 'emails', 'phones', 'preferredLanguage', 'background'],
  json: ['emails', 'phones'],
});

/** An affiliation with no end date, or one still ahead. */
const CURRENT_AFFILIATION = '(af.end_date IS NULL OR af.end_date > current_date)';

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
  computed: { isCurrent: CURRENT_AFFILIATION },
  writable: ['personId', 'organisationId', 'jobTitle', 'department', 'startDate', 'endDate', 'isPrimary'],
});

/** Sort key for people: family name, then given name, folded (accents, case) in byte order. */
export const PERSON_NAME_KEY = `liaison_fold(p.family_name || ' ' || p.given_name) COLLATE "C"`;

/** The expression the trigram index `people_name_trgm_idx` is built on; searches must use it as is. */
const PERSON_SEARCH_NAME = `liaison_fold(p.given_name || ' ' || p.family_name)`;

/** A person's affiliations: the primary first, then current ones, then by start date, newest first. */
const AFFILIATION_ORDER = `af.is_primary AND ${CURRENT_AFFILIATION} DESC, ${CURRENT_AFFILIATION} DESC,
  af.start_date DESC NULLS LAST, af.created_at, af.id`;

export interface PersonPageQuery {
  filter?: PersonFilter;
  orderField: PersonOrderField;
  direction: SortDirection;
  first: number;
  after?: unknown[];
}

/** SQL for people and their affiliations: plain rows, one statement per call. */
@Injectable()
export class PeopleRepository {
  readonly people = peopleTable;
  readonly affiliations = affiliationsTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Person[]> {
    return this.people.findByIds(db, ids);
  }

  findPage(query: PersonPageQuery) {
    const params = new SqlParams();
    const byName = query.orderField === PersonOrderField.NAME;
    return findKeysetPage<Person>(this.dataSource.manager, {
      select: this.people.select,
      from: this.people.from,
      where: this.filterConditions(query.filter, params),
      params,
      sortKey: byName ? PERSON_NAME_KEY : 'p.updated_at',
      sortType: byName ? 'text' : 'timestamptz',
      idColumn: 'p.id',
      direction: query.direction,
      first: query.first,
      after: query.after,
    });
  }

  count(filter?: PersonFilter): Promise<number> {
    const params = new SqlParams();
    return countWhere(this.dataSource.manager, this.people.from, this.filterConditions(filter, params), params);
  }

  private filterConditions(filter: PersonFilter | undefined, params: SqlParams): string[] {
    const where: string[] = [];
    if (!filter?.includeArchived) where.push('p.archived_at IS NULL');
    // Folded on both sides ("damico" finds D'Amico); the fold turns LIKE's % _ \ into spaces, so nothing needs escaping.
    for (const word of filter?.nameContains?.trim().split(/\s+/).filter(Boolean) ?? []) {
      where.push(`${PERSON_SEARCH_NAME} LIKE '%' || liaison_fold(${params.add(word)}) || '%'`);
    }
    if (filter?.email) {
      // Containment, so the jsonb_path_ops GIN index answers it; addresses are stored lower-cased.
      where.push(`p.emails @> jsonb_build_array(jsonb_build_object('address', ${params.add(filter.email.trim().toLowerCase())}::text))`);
    }
    if (filter?.organisationId) {
      where.push(
        `EXISTS (SELECT 1 FROM affiliations af
                 WHERE af.person_id = p.id AND af.organisation_id = ${params.add(filter.organisationId)}::uuid
                   AND af.archived_at IS NULL AND ${CURRENT_AFFILIATION})`,
      );
    }
    return where;
  }

  /**
   * Locks the person row for the rest of the transaction, so changes to the
   * person's primary affiliation run one after another. False when there is no such person.
   */
  async lockPerson(db: Db, id: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`SELECT 1 FROM people p WHERE p.id = $1 FOR UPDATE`, [id]);
    return rows.length > 0;
  }

  /** Unarchived affiliations of each person, in display order. */
  async findAffiliationsOfPeople(personIds: readonly string[], includeEnded: boolean, db: Db = this.dataSource.manager): Promise<Affiliation[]> {
    if (personIds.length === 0) return [];
    return db.query(
      `SELECT ${this.affiliations.select} FROM affiliations af
       WHERE af.person_id = ANY($1::uuid[]) AND af.archived_at IS NULL ${includeEnded ? '' : `AND ${CURRENT_AFFILIATION}`}
       ORDER BY ${AFFILIATION_ORDER}`,
      [personIds],
    );
  }

  /** Unarchived affiliations at each organisation, by the people's names. */
  async findAffiliationsAtOrganisations(organisationIds: readonly string[], includeEnded: boolean): Promise<Affiliation[]> {
    if (organisationIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${this.affiliations.select} FROM affiliations af JOIN people p ON p.id = af.person_id
       WHERE af.organisation_id = ANY($1::uuid[]) AND af.archived_at IS NULL ${includeEnded ? '' : `AND ${CURRENT_AFFILIATION}`}
       ORDER BY ${PERSON_NAME_KEY}, p.id, ${AFFILIATION_ORDER}`,
      [organisationIds],
    );
  }

  /** Clears the primary mark on the person's other current affiliations; the caller holds the person lock. */
  async unmarkOtherPrimaries(db: Db, personId: string, keepId: string): Promise<void> {
    await db.query(
      `UPDATE affiliations AS af SET is_primary = false, version = af.version + 1, updated_at = now()
       WHERE af.person_id = $1 AND af.id <> $2 AND af.is_primary AND af.archived_at IS NULL AND ${CURRENT_AFFILIATION}`,
      [personId, keepId],
    );
  }
}
