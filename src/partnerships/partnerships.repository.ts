import { Injectable } from '@nestjs/common';
import { leadRefVisible } from '../access/access-policy';
import { DataSource } from 'typeorm';
import { SqlParams } from '../database/sql';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { countWhere, Db, findKeysetPage, Table } from '../database/table';
import { PartnershipFilter } from './dto/partnerships.args';
import { Partnership } from './partnership.model';

export const partnershipsTable = new Table<Partnership>({
  table: 'partnerships',
  alias: 'pa',
  recordType: 'Partnership',
  columns: {
    id: 'id',
    leadId: 'lead_id',
    title: 'title',
    kind: 'kind',
    signedOn: 'signed_on',
    valueEur: 'value_eur',
    status: 'status',
    endedOn: 'ended_on',
    description: 'description',
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  writable: ['leadId', 'title', 'kind', 'signedOn', 'valueEur', 'status', 'endedOn', 'description'],
  // A partnership made from a CONFIDENTIAL lead stays as confidential as the lead.
  visibility: () => leadRefVisible('pa.lead_id'),
});

// Newest signature first; partnerships not signed yet come last (a keyset
// cursor cannot compare NULL, hence the stand-in date).
const SIGNED_ON_KEY = `COALESCE(pa.signed_on, DATE '0001-01-01')`;

export type Grouped<T> = T & { groupKey: string };

/** SQL for partnerships and their parties: plain rows. */
@Injectable()
export class PartnershipsRepository {
  readonly partnerships = partnershipsTable;

  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[], db: Db = this.dataSource.manager): Promise<Partnership[]> {
    return this.partnerships.findByIds(db, ids);
  }

  findPage(filter: PartnershipFilter | undefined, first: number, after?: unknown[]) {
    const params = new SqlParams();
    return findKeysetPage<Partnership>(this.dataSource.manager, {
      select: this.partnerships.select,
      from: this.partnerships.from,
      where: this.filterConditions(filter, params),
      params,
      sortKey: SIGNED_ON_KEY,
      sortType: 'date',
      idColumn: 'pa.id',
      direction: SortDirection.DESC,
      first,
      after,
    });
  }

  count(filter?: PartnershipFilter): Promise<number> {
    const params = new SqlParams();
    return countWhere(this.dataSource.manager, this.partnerships.from, this.filterConditions(filter, params), params);
  }

  private filterConditions(filter: PartnershipFilter | undefined, params: SqlParams): string[] {
    const where: string[] = this.partnerships.visibleWhere();
    if (!filter?.includeArchived) where.push('pa.archived_at IS NULL');
    if (filter?.status) where.push(`pa.status = ${params.add(filter.status)}::partnership_status`);
    if (filter?.kind) where.push(`pa.kind = ${params.add(filter.kind)}::partnership_kind`);
    if (filter?.organisationId) {
      const organisationId = params.add(filter.organisationId);
      where.push(
        `EXISTS (SELECT 1 FROM partnership_parties pp WHERE pp.partnership_id = pa.id AND pp.organisation_id = ${organisationId}::uuid)`,
      );
    }
    return where;
  }

  async findByLeadId(db: Db, leadId: string): Promise<Partnership | undefined> {
    const [row] = await db.query(
      `SELECT ${this.partnerships.select} FROM ${this.partnerships.from} WHERE pa.lead_id = $1 AND ${this.partnerships.visible()}`,
      [leadId],
    );
    return row;
  }

  /** The partnership each lead became (archived ones included: the lead still converted). */
  findByLeadIds(leadIds: readonly string[]): Promise<Partnership[]> {
    return this.dataSource.query(
      `SELECT ${this.partnerships.select} FROM ${this.partnerships.from} WHERE pa.lead_id = ANY($1::uuid[]) AND ${this.partnerships.visible()}`,
      [leadIds],
    );
  }

  async replaceParties(db: Db, partnershipId: string, organisationIds: readonly string[]) {
    await db.query(`DELETE FROM partnership_parties WHERE partnership_id = $1`, [partnershipId]);
    await this.addParties(db, partnershipId, organisationIds);
  }

  async addParties(db: Db, partnershipId: string, organisationIds: readonly string[]) {
    if (organisationIds.length === 0) return;
    await db.query(
      `INSERT INTO partnership_parties (partnership_id, organisation_id) SELECT $1, unnest($2::uuid[])`,
      [partnershipId, organisationIds],
    );
  }

  async existingOrganisationIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await db.query(`SELECT id FROM organisations WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((row) => row.id));
  }

  /** Party organisation ids of each partnership, by folded name. */
  findPartyIdsOf(partnershipIds: readonly string[]): Promise<{ partnershipId: string; organisationId: string }[]> {
    return this.dataSource.query(
      `SELECT pp.partnership_id AS "partnershipId", pp.organisation_id AS "organisationId"
       FROM partnership_parties pp JOIN organisations o ON o.id = pp.organisation_id
       WHERE pp.partnership_id = ANY($1::uuid[])
       ORDER BY liaison_fold(o.name) COLLATE "C", o.id`,
      [partnershipIds],
    );
  }

  /** Unarchived partnerships each organisation is party to, newest signature first. */
  findByParties(organisationIds: readonly string[]): Promise<Grouped<Partnership>[]> {
    return this.dataSource.query(
      `SELECT pp.organisation_id AS "groupKey", ${this.partnerships.select}
       FROM partnership_parties pp JOIN partnerships pa ON pa.id = pp.partnership_id
       WHERE pp.organisation_id = ANY($1::uuid[]) AND pa.archived_at IS NULL AND ${this.partnerships.visible()}
       ORDER BY ${SIGNED_ON_KEY} DESC, pa.id DESC`,
      [organisationIds],
    );
  }
}
