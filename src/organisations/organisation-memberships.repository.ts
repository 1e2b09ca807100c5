import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Db, Table } from '../database/table';
import { OrganisationMembership } from './organisation-membership.model';

export const organisationMembershipsTable = new Table<OrganisationMembership>({
  table: 'organisation_memberships',
  alias: 'om',
  recordType: 'OrganisationMembership',
  columns: {
    id: 'id',
    memberId: 'member_id',
    networkId: 'network_id',
    since: 'since',
    until: 'until',
    archivedAt: 'archived_at',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    version: 'version',
  },
  writable: ['memberId', 'networkId', 'since', 'until'],
});

/** No end date, or one still ahead. */
const CURRENT_MEMBERSHIP = '(om.until IS NULL OR om.until > current_date)';

/** SQL for organisation memberships: plain rows, one statement per call. */
@Injectable()
export class OrganisationMembershipsRepository {
  readonly table = organisationMembershipsTable;

  constructor(private readonly dataSource: DataSource) {}

  /** Unarchived memberships of each member, by the network's name. */
  findOfMembers(memberIds: readonly string[], includeEnded: boolean): Promise<OrganisationMembership[]> {
    return this.findBySide('member_id', 'network_id', memberIds, includeEnded);
  }

  /** Unarchived memberships in each network, by the member's name. */
  findOfNetworks(networkIds: readonly string[], includeEnded: boolean): Promise<OrganisationMembership[]> {
    return this.findBySide('network_id', 'member_id', networkIds, includeEnded);
  }

  private async findBySide(
    side: 'member_id' | 'network_id',
    other: 'member_id' | 'network_id',
    ids: readonly string[],
    includeEnded: boolean,
  ): Promise<OrganisationMembership[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${this.table.select} FROM organisation_memberships om JOIN organisations o ON o.id = om.${other}
       WHERE om.${side} = ANY($1::uuid[]) AND om.archived_at IS NULL ${includeEnded ? '' : `AND ${CURRENT_MEMBERSHIP}`}
       ORDER BY liaison_fold(o.name) COLLATE "C", o.id, om.since DESC NULLS LAST, om.id`,
      [ids],
    );
  }

  /**
   * Locks the member organisation for the rest of the transaction, so two
   * concurrent adds of the same pair cannot both pass the duplicate check.
   */
  async lockMember(db: Db, memberId: string): Promise<void> {
    await db.query(`SELECT 1 FROM organisations o WHERE o.id = $1 FOR UPDATE`, [memberId]);
  }

  /**
   * Whether a new membership ending `until` would duplicate a current,
   * unarchived one of the same member in the same network (an ended one
   * entered as history never does).
   */
  async duplicatesCurrent(db: Db, memberId: string, networkId: string, until: string | null | undefined): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `SELECT 1 FROM organisation_memberships om
       WHERE om.member_id = $1 AND om.network_id = $2 AND om.archived_at IS NULL AND ${CURRENT_MEMBERSHIP}
         AND ($3::date IS NULL OR $3::date > current_date)
       LIMIT 1`,
      [memberId, networkId, until ?? null],
    );
    return rows.length > 0;
  }
}
