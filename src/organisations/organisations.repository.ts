import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { SqlParams } from '../database/sql';
import { countWhere, Db, findKeysetPage, Table } from '../database/table';
import { OrganisationFilter, OrganisationOrderField } from './dto/organisations.args';
import { Organisation } from './organisation.model';

export const organisationsTable = new Table<Organisation>({
  table: 'organisations',
  alias: 'o',
  recordType: 'Organisation',
  columns: {
    id: 'id',
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
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  writable: ['name', 'legalName', 'kind', 'country', 'region', 'nutsCode', 'city', 'website', 'sectors', 'parentId', 'description'],
});

// The accent- and case-folded name in byte order: the same order on PGlite
// and PostgreSQL whatever their default collation (PGlite has no ICU).
const NAME_KEY = `liaison_fold(o.name) COLLATE "C"`;

export interface OrganisationPageQuery {
  filter?: OrganisationFilter;
  orderField: OrganisationOrderField;
  direction: SortDirection;
  first: number;
  after?: unknown[];
}

/** SQL for organisations: plain rows, one statement per call. */
@Injectable()
export class OrganisationsRepository {
  readonly table = organisationsTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Organisation[]> {
    return this.table.findByIds(db, ids);
  }

  /** Unarchived children of each parent, in name order. */
  async findChildrenOf(parentIds: readonly string[]): Promise<Organisation[]> {
    if (parentIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${this.table.select} FROM organisations o
       WHERE o.parent_id = ANY($1::uuid[]) AND o.archived_at IS NULL
       ORDER BY ${NAME_KEY}, o.id`,
      [parentIds],
    );
  }

  findPage(query: OrganisationPageQuery) {
    const params = new SqlParams();
    const byName = query.orderField === OrganisationOrderField.NAME;
    return findKeysetPage<Organisation>(this.dataSource.manager, {
      select: this.table.select,
      from: this.table.from,
      where: this.filterConditions(query.filter, params),
      params,
      sortKey: byName ? NAME_KEY : 'o.updated_at',
      sortType: byName ? 'text' : 'timestamptz',
      idColumn: 'o.id',
      direction: query.direction,
      first: query.first,
      after: query.after,
    });
  }

  count(filter?: OrganisationFilter): Promise<number> {
    const params = new SqlParams();
    return countWhere(this.dataSource.manager, this.table.from, this.filterConditions(filter, params), params);
  }

  private filterConditions(filter: OrganisationFilter | undefined, params: SqlParams): string[] {
    const where: string[] = [];
    if (!filter?.includeArchived) where.push('o.archived_at IS NULL');
    if (filter?.kinds?.length) where.push(`o.kind = ANY(${params.add(filter.kinds)}::organisation_kind[])`);
    if (filter?.country) where.push(`o.country = ${params.add(filter.country)}`);
    if (filter?.sector) where.push(`o.sectors @> ARRAY[${params.add(filter.sector.trim().toLowerCase())}]::text[]`);
    if (filter?.parentId) where.push(`o.parent_id = ${params.add(filter.parentId)}::uuid`);
    if (filter?.nameContains?.trim()) {
      // Folded on both sides, so "damico" finds D'Amico; the fold turns LIKE's % _ \ into spaces, so nothing needs escaping.
      where.push(`liaison_fold(o.name) LIKE '%' || liaison_fold(${params.add(filter.nameContains)}) || '%'`);
    }
    return where;
  }

  /** Ids of `id` and all its ancestors, nearest first (bounded against bad data). */
  async ancestorIds(id: string, db: Db): Promise<string[]> {
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
