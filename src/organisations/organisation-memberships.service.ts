import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { groupByKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Db } from '../database/table';
import { AddOrganisationMembershipInput, UpdateOrganisationMembershipInput } from './dto/organisation-membership.args';
import { OrganisationMembership } from './organisation-membership.model';
import { OrganisationMembershipsRepository } from './organisation-memberships.repository';
import { OrganisationsService } from './organisations.service';

/** BAD_USER_INPUT on `field` when the membership ends before it starts (YYYY-MM-DD strings compare as dates). */
function assertPeriod(since: string | null | undefined, until: string | null | undefined, field: string): void {
  if (since && until && until < since) throw LiaisonException.badInput(field, `until ${until} is before since ${since}`);
}

/** Organisations in networks and alliances (Lombardy in the Alliance of Automotive Regions), over time. */
@Injectable()
export class OrganisationMembershipsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly memberships: OrganisationMembershipsRepository,
    private readonly organisations: OrganisationsService,
  ) {}

  /** The request's loader of each organisation's memberships as a member (current only unless `includeEnded`). */
  ofMembers(loaders: LoaderRegistry, includeEnded: boolean) {
    return loaders.get<string, OrganisationMembership[]>(`organisation.memberships.${includeEnded ? 'all' : 'current'}`, async (ids) =>
      groupByKeys(ids, await this.memberships.findOfMembers(ids, includeEnded), (row) => row.memberId),
    );
  }

  /** The request's loader of each network's memberships (current only unless `includeEnded`). */
  ofNetworks(loaders: LoaderRegistry, includeEnded: boolean) {
    return loaders.get<string, OrganisationMembership[]>(`organisation.members.${includeEnded ? 'all' : 'current'}`, async (ids) =>
      groupByKeys(ids, await this.memberships.findOfNetworks(ids, includeEnded), (row) => row.networkId),
    );
  }

  add(input: AddOrganisationMembershipInput): Promise<OrganisationMembership> {
    return this.dataSource.transaction((db) => this.addIn(db, input, 'input'));
  }

  /** Inside a transaction; fields are reported under `at`, the path of the input in the operation's arguments. */
  async addIn(db: Db, input: AddOrganisationMembershipInput, at = ''): Promise<OrganisationMembership> {
    const field = (name: string) => (at ? `${at}.${name}` : name);
    if (input.memberId === input.networkId) {
      throw LiaisonException.badInput(field('networkId'), 'An organisation cannot be a member of itself');
    }
    assertPeriod(input.since, input.until, field('until'));
    await this.organisations.assertExist([input.memberId], field('memberId'), db);
    await this.organisations.assertExist([input.networkId], field('networkId'), db);
    await this.memberships.lockMember(db, input.memberId);
    if (await this.memberships.duplicatesCurrent(db, input.memberId, input.networkId, input.until)) {
      throw LiaisonException.badInput(field('networkId'), 'The organisation is already a current member of this network');
    }
    const { memberId, networkId, since, until } = input;
    return this.memberships.table.insert(db, { memberId, networkId, since, until });
  }

  update(id: string, expectedVersion: number, input: UpdateOrganisationMembershipInput): Promise<OrganisationMembership> {
    return this.dataSource.transaction(async (db) => {
      const current = await this.memberships.table.getById(db, id);
      const since = input.since !== undefined ? input.since : current.since;
      const until = input.until !== undefined ? input.until : current.until;
      assertPeriod(since, until, input.until !== undefined ? 'input.until' : 'input.since');
      return this.memberships.table.updateVersioned(db, id, expectedVersion, { since: input.since, until: input.until });
    });
  }

  /** Sets the end date; the membership stays as history. */
  end(id: string, expectedVersion: number, until: string): Promise<OrganisationMembership> {
    return this.dataSource.transaction(async (db) => {
      const current = await this.memberships.table.getById(db, id);
      assertPeriod(current.since, until, 'until');
      return this.memberships.table.updateVersioned(db, id, expectedVersion, { until });
    });
  }

  /** Removes the membership from the organisations' lists; archiving twice is harmless. */
  setArchived(id: string, archived: boolean): Promise<OrganisationMembership> {
    return this.dataSource.transaction((db) => this.memberships.table.setArchived(db, id, archived));
  }
}
