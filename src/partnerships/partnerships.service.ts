import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKeys, groupByKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Connection, decodeCursor, keysetConnection } from '../common/graphql/connection';
import { Db } from '../database/table';
import { LeadStage } from '../leads/lead.enums';
import { LeadsService } from '../leads/leads.service';
import { Organisation } from '../organisations/organisation.model';
import { OrganisationsService } from '../organisations/organisations.service';
import { ConvertLeadInput } from './dto/convert-lead.args';
import { CreatePartnershipInput } from './dto/create-partnership.input';
import { PartnershipsArgs } from './dto/partnerships.args';
import { UpdatePartnershipInput } from './dto/update-partnership.args';
import { PartnershipStatus } from './partnership.enums';
import { Partnership } from './partnership.model';
import { PartnershipsRepository } from './partnerships.repository';

const REQUIRED_ON_UPDATE = ['title', 'kind', 'partyIds'] as const;

/** The reason recorded with the move to WON, and so the lead's closedReason. */
export const CONVERSION_REASON = 'Converted to a partnership';

function staleVersion(partnership: Partnership, expectedVersion: number): LiaisonException {
  return LiaisonException.conflict(
    `Partnership ${partnership.id} was changed by someone else: version is ${partnership.version}, not ${expectedVersion}`,
    { field: 'expectedVersion', currentVersion: partnership.version },
  );
}

function toValues(input: UpdatePartnershipInput): Partial<Partnership> {
  const { partyIds: _partyIds, ...rest } = input;
  return rest;
}

/**
 * Partnerships, and the conversion of a won lead into one: this service
 * coordinates leads and partnerships, so leads never need to know about
 * partnerships.
 */
@Injectable()
export class PartnershipsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PartnershipsRepository,
    private readonly leads: LeadsService,
    private readonly organisations: OrganisationsService,
  ) {}

  getById(id: string): Promise<Partnership> {
    return this.repository.partnerships.getById(this.dataSource.manager, id);
  }

  /** The request's loader of Partnerships by id (null for an unknown id): one SQL statement per batch. */
  byId(loaders: LoaderRegistry) {
    return loaders.get<string, Partnership | null>('partnership.byId', async (ids) =>
      byKeys(ids, await this.repository.findByIds(ids), (row) => row.id),
    );
  }

  /** Batch read for per-request loaders. */
  findByIds(ids: readonly string[]): Promise<Partnership[]> {
    return this.repository.findByIds(ids);
  }

  async list(args: PartnershipsArgs): Promise<Connection<Partnership>> {
    const after = args.after ? decodeCursor(args.after, 2) : undefined;
    const rows = await this.repository.findPage(args.filter, args.first, after);
    return keysetConnection(rows, args.first, args.after, () => this.repository.count(args.filter));
  }

  create(input: CreatePartnershipInput): Promise<Partnership> {
    return this.dataSource.transaction(async (db) => {
      const partyIds = await this.checkedParties(db, input.partyIds, 'input.partyIds');
      const partnership = await this.repository.partnerships.insert(db, toValues(input));
      await this.repository.addParties(db, partnership.id, partyIds);
      return partnership;
    });
  }

  /**
   * Moves the lead to WON (by the pipeline's rule, recorded in its history)
   * and creates the partnership, in one transaction: an illegal move, a stale
   * version or a bad party writes nothing, and a lead converts at most once.
   */
  convertLead(leadId: string, expectedVersion: number, input: ConvertLeadInput, userId: string): Promise<Partnership> {
    return this.dataSource.transaction(async (db) => {
      // The lead first, through the policy: a hidden lead, converted or not,
      // must answer NOT_FOUND like an unknown id before anything about its
      // partnership is looked at.
      await this.leads.getForUpdateIn(db, leadId, 'leadId');
      const existing = await this.repository.findByLeadId(db, leadId);
      if (existing) {
        throw LiaisonException.conflict(`Lead ${leadId} was already converted to partnership ${existing.id}`, {
          field: 'leadId',
          partnershipId: existing.id,
        });
      }
      const lead = await this.leads.moveStageIn(db, leadId, expectedVersion, LeadStage.WON, CONVERSION_REASON, userId, {
        id: 'leadId',
        stage: 'leadId',
      });
      const partyIds = input.partyIds
        ? await this.checkedParties(db, input.partyIds, 'input.partyIds')
        : await this.leads.organisationIdsIn(db, leadId);
      if (partyIds.length === 0) {
        throw LiaisonException.badInput('input.partyIds', 'The lead has no organisations: name the parties in partyIds');
      }
      const partnership = await this.repository.partnerships.insert(db, {
        leadId,
        title: input.title ?? lead.title,
        kind: input.kind,
        signedOn: input.signedOn ?? null,
        valueEur: input.valueEur !== undefined ? input.valueEur : lead.estimatedValue,
        description: input.description ?? null,
      });
      await this.repository.addParties(db, partnership.id, partyIds);
      return partnership;
    });
  }

  async update(id: string, expectedVersion: number, input: UpdatePartnershipInput): Promise<Partnership> {
    for (const field of REQUIRED_ON_UPDATE) {
      if (input[field] === null) throw LiaisonException.badInput(`input.${field}`, `${field} cannot be cleared`);
    }
    return this.dataSource.transaction(async (db) => {
      const current = await this.repository.partnerships.lock(db, id);
      if (current.version !== expectedVersion) throw staleVersion(current, expectedVersion);
      const signedOn = input.signedOn !== undefined ? input.signedOn : current.signedOn;
      if (signedOn && current.endedOn && current.endedOn < signedOn) {
        throw LiaisonException.badInput('input.signedOn', `signedOn must not be after endedOn (${current.endedOn})`);
      }
      const partyIds = input.partyIds ? await this.checkedParties(db, input.partyIds, 'input.partyIds') : undefined;
      const partnership = await this.repository.partnerships.updateVersioned(db, id, expectedVersion, toValues(input));
      if (partyIds) await this.repository.replaceParties(db, id, partyIds);
      return partnership;
    });
  }

  end(id: string, expectedVersion: number, endedOn: string): Promise<Partnership> {
    return this.dataSource.transaction(async (db) => {
      const current = await this.repository.partnerships.lock(db, id);
      if (current.version !== expectedVersion) throw staleVersion(current, expectedVersion);
      if (current.status === PartnershipStatus.ENDED) {
        throw LiaisonException.badInput('id', `Partnership ${id} already ended on ${current.endedOn}`);
      }
      if (current.signedOn && endedOn < current.signedOn) {
        throw LiaisonException.badInput('endedOn', `endedOn must not be before signedOn (${current.signedOn})`);
      }
      return this.repository.partnerships.update(db, id, { status: PartnershipStatus.ENDED, endedOn });
    });
  }

  /** Archiving hides the partnership from lists; archiving twice is harmless. */
  setArchived(id: string, archived: boolean): Promise<Partnership> {
    return this.dataSource.transaction((db) => this.repository.partnerships.setArchived(db, id, archived));
  }

  // Relation fields, each one SQL statement per request level.

  async partiesOf(partnershipId: string, loaders: LoaderRegistry): Promise<Organisation[]> {
    const links = await loaders
      .get<string, { partnershipId: string; organisationId: string }[]>('partnership.partyIds', async (ids) =>
        groupByKeys(ids, await this.repository.findPartyIdsOf(ids), (row) => row.partnershipId),
      )
      .load(partnershipId);
    const parties = await this.organisations.byId(loaders).loadMany(links.map((link) => link.organisationId));
    return parties.filter((party): party is Organisation => !!party && !(party instanceof Error));
  }

  partnershipOfLead(leadId: string, loaders: LoaderRegistry): Promise<Partnership | null> {
    return loaders
      .get<string, Partnership | null>('lead.partnership', async (ids) =>
        byKeys(ids, await this.repository.findByLeadIds(ids), (row) => row.leadId!),
      )
      .load(leadId);
  }

  partnershipsOfOrganisation(organisationId: string, loaders: LoaderRegistry): Promise<Partnership[]> {
    return loaders
      .get<string, Partnership[]>('organisation.partnerships', async (ids) =>
        groupByKeys(ids, await this.repository.findByParties(ids), (row) => row.groupKey).map((rows) =>
          rows.map(({ groupKey: _groupKey, ...partnership }) => partnership),
        ),
      )
      .load(organisationId);
  }

  /** Each organisation once and existing; errors name the entry (`input.partyIds.1`). */
  private async checkedParties(db: Db, partyIds: string[], field: string): Promise<string[]> {
    const unique = [...new Set(partyIds)];
    const found = await this.repository.existingOrganisationIds(db, unique);
    const missing = partyIds.findIndex((id) => !found.has(id));
    if (missing >= 0) throw LiaisonException.badInput(`${field}.${missing}`, `No organisation with id ${partyIds[missing]}`);
    return unique;
  }
}
