import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { SqlParams } from '../database/sql';
import { OrganisationFilter, OrganisationOrderField } from './dto/organisations.args';
import { Organisation } from './organisation.model';

const COLUMNS = `o.id, o.name, o.legal_name AS "legalName", o.kind, o.country, o.region,
  o.nuts_code AS "nutsCode", o.city, o.website, o.sectors, o.parent_id AS "parentId",
  o.description, o.archived_at AS "archivedAt", o.created_at AS "createdAt",
  o.updated_at AS "updatedAt", o.version`;

/** Writable columns: GraphQL field name -> SQL column. */
const WRITABLE = {
  name: 'name',
  legalName: 'legal_name',
  kind: 'kind',
  country: 'country',
  region: 'region',
  nutsCode: 'nuts_code',
  city: 'city',
  website: 'website',
  sectors: 'sectors',
  parentId: 'parent_id',
  description: 'description',
} as const;

export type OrganisationValues = Partial<{ [K in keyof typeof WRITABLE]: Organisation[K] }>;

// The accent- and case-folded name in byte order: the same order on PGlite
// and PostgreSQL whatever their default collation (PGlite has no ICU).
const NAME_KEY = `liaison_fold(o.name) COLLATE "C"`;

export interface OrganisationPageQuery {
  filter?: OrganisationFilter;
  orderField: OrganisationOrderField;
  direction: SortDirection;
  first: number;
  after?: [string, string];
}

/** A page row: the organisation plus the value it is sorted by (folded name or updatedAt). */
export type OrganisationRow = Organisation & { sortKey: string | Date };

/** SQL for organisations: plain rows, one statement per call. */
@Injectable()
export class OrganisationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByIds(ids: readonly string[], db: EntityManager = this.dataSource.manager): Promise<Organisation[]> {
    if (ids.length === 0) return [];
    return db.query(`SELECT ${COLUMNS} FROM organisations o WHERE o.id = ANY($1::uuid[])`, [ids]);
  }

  async findById(id: string, db?: EntityManager): Promise<Organisation | undefined> {
    return (await this.findByIds([id], db))[0];
  }

  /** Unarchived children of each parent, in name order. */
  async findChildrenOf(parentIds: readonly string[]): Promise<Organisation[]> {
    if (parentIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM organisations o
       WHERE o.parent_id = ANY($1::uuid[]) AND o.archived_at IS NULL
       ORDER BY ${NAME_KEY}, o.id`,
      [parentIds],
    );
  }

  /** One page in keyset order, with one extra row that tells whether more follow. */
  async findPage(query: OrganisationPageQuery): Promise<OrganisationRow[]> {
    const params = new SqlParams();
    const where = this.filterConditions(query.filter, params);
    const key = query.orderField === OrganisationOrderField.NAME ? NAME_KEY : 'o.updated_at';
    const dir = query.direction === SortDirection.DESC ? 'DESC' : 'ASC';
    if (query.after) {
      const cast = query.orderField === OrganisationOrderField.NAME ? 'text' : 'timestamptz';
      const op = dir === 'ASC' ? '>' : '<';
      where.push(`(${key}, o.id) ${op} (${params.add(query.after[0])}::${cast}, ${params.add(query.after[1])}::uuid)`);
    }
    const sortKey = query.orderField === OrganisationOrderField.NAME ? 'liaison_fold(o.name)' : 'o.updated_at';
    return this.dataSource.query(
      `SELECT ${COLUMNS}, ${sortKey} AS "sortKey" FROM organisations o
       WHERE ${where.join(' AND ')}
       ORDER BY ${key} ${dir}, o.id ${dir}
       LIMIT ${params.add(query.first + 1)}`,
      params.values,
    );
  }

  async count(filter?: OrganisationFilter): Promise<number> {
    const params = new SqlParams();
    const where = this.filterConditions(filter, params);
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM organisations o WHERE ${where.join(' AND ')}`,
      params.values,
    );
    return count;
  }

  private filterConditions(filter: OrganisationFilter | undefined, params: SqlParams): string[] {
    const where = ['TRUE'];
    if (!filter?.includeArchived) where.push('o.archived_at IS NULL');
    if (filter?.kinds?.length) where.push(`o.kind = ANY(${params.add(filter.kinds)}::organisation_kind[])`);
    if (filter?.country) where.push(`o.country = ${params.add(filter.country)}`);
    if (filter?.sector) where.push(`o.sectors @> ARRAY[${params.add(filter.sector.trim().toLowerCase())}]::text[]`);
    if (filter?.parentId) where.push(`o.parent_id = ${params.add(filter.parentId)}::uuid`);
    if (filter?.nameContains?.trim()) {
      where.push(`liaison_fold(o.name) LIKE '%' || liaison_fold(${params.add(escapeLike(filter.nameContains.trim()))}) || '%'`);
    }
    return where;
  }

  async insert(values: OrganisationValues, db: EntityManager): Promise<Organisation> {
    const params = new SqlParams();
    const columns: string[] = [];
    const placeholders: string[] = [];
    for (const [field, column] of Object.entries(WRITABLE)) {
      const value = values[field as keyof OrganisationValues];
      if (value === undefined) continue;
      columns.push(column);
      placeholders.push(params.add(value));
    }
    const [row] = await db.query(
      `INSERT INTO organisations AS o (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING ${COLUMNS}`,
      params.values,
    );
    return row;
  }

  /**
   * Applies the change only if the row still has `expectedVersion`: the
   * conditional UPDATE is what makes concurrent editors conflict instead of
   * overwriting each other. Undefined when the version (or id) did not match.
   */
  async updateIfVersion(
    id: string,
    expectedVersion: number,
    values: OrganisationValues,
    db: EntityManager,
  ): Promise<Organisation | undefined> {
    const params = new SqlParams();
    const sets = ['version = o.version + 1', 'updated_at = now()'];
    for (const [field, column] of Object.entries(WRITABLE)) {
      const value = values[field as keyof OrganisationValues];
      if (value !== undefined) sets.push(`${column} = ${params.add(value)}`);
    }
    const [rows] = await db.query(
      `UPDATE organisations AS o SET ${sets.join(', ')}
       WHERE o.id = ${params.add(id)} AND o.version = ${params.add(expectedVersion)}
       RETURNING ${COLUMNS}`,
      params.values,
    );
    return rows[0];
  }

  /** Sets or clears archived_at; undefined when the row is missing or already in that state. */
  async setArchived(id: string, archived: boolean, db: EntityManager): Promise<Organisation | undefined> {
    const [rows] = await db.query(
      `UPDATE organisations AS o
       SET archived_at = ${archived ? 'now()' : 'NULL'}, version = o.version + 1, updated_at = now()
       WHERE o.id = $1 AND o.archived_at IS ${archived ? 'NULL' : 'NOT NULL'}
       RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0];
  }

  /** Ids of `id` and all its ancestors, nearest first (bounded against bad data). */
  async ancestorIds(id: string, db: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_id, 1 FROM organisations WHERE id = $1
         UNION ALL
         SELECT p.id, p.parent_id, up.depth + 1 FROM organisations p JOIN up ON p.id = up.parent_id
         WHERE up.depth < 1000
       ) SELECT id FROM up ORDER BY depth`,
      [id],
    );
    return rows.map((row) => row.id);
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
