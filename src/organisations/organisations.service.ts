import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { Connection, decodeCursor, keysetConnection } from '../common/graphql/connection';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { LiaisonException } from '../common/errors/liaison.exception';
import { ADVISORY_LOCKS } from '../database/sql';
import { survivorOf } from '../database/record-aliases';
import { Db } from '../database/table';
import { CreateOrganisationInput } from './dto/create-organisation.input';
import { OrganisationOrderField, OrganisationsArgs } from './dto/organisations.args';
import { UpdateOrganisationInput } from './dto/update-organisation.args';
import { Organisation } from './organisation.model';
import { OrganisationsRepository } from './organisations.repository';

const REQUIRED_ON_UPDATE = ['name', 'kind'] as const;

/** Input to column values: a cleared sector list is an empty list, not NULL. */
function toValues(input: UpdateOrganisationInput): Partial<Organisation> {
  const { sectors, ...rest } = input;
  return { ...rest, sectors: sectors === null ? [] : sectors } as Partial<Organisation>;
}

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsRepository,
  ) {}

  /** The organisation, or the survivor an id merged away now answers for. */
  async getById(id: string): Promise<Organisation> {
    const db = this.dataSource.manager;
    const organisation = await this.organisations.table.findById(db, id);
    if (organisation) return organisation;
    const survivorId = await survivorOf(db, 'ORGANISATION', id);
    const survivor = survivorId ? await this.organisations.table.findById(db, survivorId) : undefined;
    if (!survivor) throw LiaisonException.notFound('Organisation', id);
    return survivor;
  }

  /** The request's loader of Organisations by id (null for an unknown id): one SQL statement per batch. */
  byId(loaders: LoaderRegistry) {
    return loaders.get<string, Organisation | null>('organisation.byId', async (ids) =>
      byKeys(ids, await this.organisations.findByIds(ids), (row) => row.id),
    );
  }

  /** Batch reads for per-request loaders. */
  findByIds(ids: readonly string[]): Promise<Organisation[]> {
    return this.organisations.findByIds(ids);
  }

  findChildrenOf(parentIds: readonly string[]): Promise<Organisation[]> {
    return this.organisations.findChildrenOf(parentIds);
  }

  /** For other features' transactions: NOT_FOUND (BAD_USER_INPUT on `field`) unless every id exists. */
  async assertExist(ids: readonly string[], field: string, db: Db): Promise<void> {
    const unique = [...new Set(ids)];
    const found = await this.organisations.findByIds(unique, db);
    const missing = unique.find((id) => !found.some((row) => row.id === id));
    if (missing) throw LiaisonException.badInput(field, `No organisation with id ${missing}`);
  }

  async list(args: OrganisationsArgs): Promise<Connection<Organisation>> {
    const rows = await this.organisations.findPage({
      filter: args.filter,
      orderField: args.orderBy?.field ?? OrganisationOrderField.NAME,
      direction: args.orderBy?.direction ?? SortDirection.ASC,
      first: args.first,
      after: args.after ? decodeCursor(args.after, 2) : undefined,
    });
    return keysetConnection(rows, args.first, args.after, () => this.organisations.count(args.filter));
  }

  async create(input: CreateOrganisationInput): Promise<Organisation> {
    return this.dataSource.transaction(async (db) => {
      if (input.parentId) await this.assertExist([input.parentId], 'input.parentId', db);
      return this.organisations.table.insert(db, toValues(input));
    });
  }

  async update(id: string, expectedVersion: number, input: UpdateOrganisationInput): Promise<Organisation> {
    for (const field of REQUIRED_ON_UPDATE) {
      if (input[field] === null) throw LiaisonException.badInput(`input.${field}`, `${field} cannot be cleared`);
    }
    return this.dataSource.transaction(async (db) => {
      if (input.parentId) await this.assertParentAllowed(id, input.parentId, db);
      return this.organisations.table.updateVersioned(db, id, expectedVersion, toValues(input));
    });
  }

  /** Archiving hides the organisation from lists; archiving twice is harmless. */
  setArchived(id: string, archived: boolean): Promise<Organisation> {
    return this.dataSource.transaction((db) => this.organisations.table.setArchived(db, id, archived));
  }

  /** A parent must exist and must not be the organisation itself or one of its descendants. */
  private async assertParentAllowed(id: string, parentId: string, db: Db): Promise<void> {
    // Serialise hierarchy changes: two concurrent moves (A under B, B under A)
    // would each pass the check alone and together make a cycle.
    await db.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.organisationHierarchy]);
    await this.assertExist([parentId], 'input.parentId', db);
    const ancestors = await this.organisations.ancestorIds(parentId, db);
    if (ancestors.includes(id)) {
      throw LiaisonException.badInput('input.parentId', 'parentId would make the organisation its own ancestor');
    }
  }
}
