import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Connection, decodeCursor, toConnection } from '../common/graphql/connection';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { LiaisonException } from '../common/errors/liaison.exception';
import { ADVISORY_LOCKS } from '../database/sql';
import { CreateOrganisationInput } from './dto/create-organisation.input';
import { OrganisationOrderField, OrganisationsArgs } from './dto/organisations.args';
import { UpdateOrganisationInput } from './dto/update-organisation.args';
import { Organisation } from './organisation.model';
import { OrganisationRow, OrganisationsRepository, OrganisationValues } from './organisations.repository';

const REQUIRED_ON_UPDATE = ['name', 'kind'] as const;

/** Input to column values: a cleared sector list is an empty list, not NULL. */
function toValues(input: UpdateOrganisationInput): OrganisationValues {
  const { sectors, ...rest } = input;
  return { ...rest, sectors: sectors === null ? [] : sectors } as OrganisationValues;
}

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsRepository,
  ) {}

  async getById(id: string): Promise<Organisation> {
    const organisation = await this.organisations.findById(id);
    if (!organisation) throw LiaisonException.notFound('Organisation', id);
    return organisation;
  }

  /** Batch reads for per-request loaders. */
  findByIds(ids: readonly string[]): Promise<Organisation[]> {
    return this.organisations.findByIds(ids);
  }

  findChildrenOf(parentIds: readonly string[]): Promise<Organisation[]> {
    return this.organisations.findChildrenOf(parentIds);
  }

  async list(args: OrganisationsArgs): Promise<Connection<Organisation>> {
    const orderField = args.orderBy?.field ?? OrganisationOrderField.NAME;
    const direction = args.orderBy?.direction ?? SortDirection.ASC;
    const after = args.after ? (decodeCursor(args.after, 2) as [string, string]) : undefined;
    const rows = await this.organisations.findPage({ filter: args.filter, orderField, direction, first: args.first, after });
    return toConnection(
      rows,
      args.first,
      args.after,
      ({ sortKey: _key, ...organisation }: OrganisationRow) => organisation,
      (row) => [row.sortKey instanceof Date ? row.sortKey.toISOString() : row.sortKey, row.id],
      () => this.organisations.count(args.filter),
    );
  }

  async create(input: CreateOrganisationInput): Promise<Organisation> {
    return this.dataSource.transaction(async (db) => {
      if (input.parentId) await this.assertParentExists(input.parentId, db);
      return this.organisations.insert(toValues(input), db);
    });
  }

  async update(id: string, expectedVersion: number, input: UpdateOrganisationInput): Promise<Organisation> {
    for (const field of REQUIRED_ON_UPDATE) {
      if (input[field] === null) throw LiaisonException.badInput(`input.${field}`, `${field} cannot be cleared`);
    }
    return this.dataSource.transaction(async (db) => {
      if (input.parentId) await this.assertParentAllowed(id, input.parentId, db);
      const updated = await this.organisations.updateIfVersion(id, expectedVersion, toValues(input), db);
      if (updated) return updated;
      const current = await this.organisations.findById(id, db);
      if (!current) throw LiaisonException.notFound('Organisation', id);
      throw LiaisonException.conflict(
        `Organisation ${id} was changed by someone else: version is ${current.version}, not ${expectedVersion}`,
        { field: 'expectedVersion', currentVersion: current.version },
      );
    });
  }

  /** Archiving hides the organisation from lists; archiving twice is harmless. */
  async setArchived(id: string, archived: boolean): Promise<Organisation> {
    return this.dataSource.transaction(async (db) => {
      const changed = await this.organisations.setArchived(id, archived, db);
      if (changed) return changed;
      const current = await this.organisations.findById(id, db);
      if (!current) throw LiaisonException.notFound('Organisation', id);
      return current;
    });
  }

  private async assertParentExists(parentId: string, db: EntityManager): Promise<void> {
    if (!(await this.organisations.findById(parentId, db))) {
      throw LiaisonException.badInput('input.parentId', `No organisation with id ${parentId}`);
    }
  }

  /** A parent must exist and must not be the organisation itself or one of its descendants. */
  private async assertParentAllowed(id: string, parentId: string, db: EntityManager): Promise<void> {
    // Serialise hierarchy changes: two concurrent moves (A under B, B under A)
    // would each pass the check alone and together make a cycle.
    await db.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.organisationHierarchy]);
    await this.assertParentExists(parentId, db);
    const ancestors = await this.organisations.ancestorIds(parentId, db);
    if (ancestors.includes(id)) {
      throw LiaisonException.badInput('input.parentId', 'parentId would make the organisation its own ancestor');
    }
  }
}
