import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { currentViewer } from '../access/access-policy';
import { AccessService } from '../access/access.service';
import { byKeys, groupByKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Connection, decodeCursor, keysetConnection } from '../common/graphql/connection';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { Db } from '../database/table';
import { Person } from '../people/person.model';
import { MeetingsService } from '../meetings/meetings.service';
import { PeopleService } from '../people/people.service';
import { CreateLeadInput, LeadOrganisationInput } from './dto/create-lead.input';
import { LeadOrderField, LeadsArgs } from './dto/leads.args';
import { UpdateLeadInput } from './dto/update-lead.args';
import { LeadStage } from './lead.enums';
import { Lead, LeadOrganisation, LeadOrigin, LeadStageChange } from './lead.model';
import { illegalMoveReason, keepsClosedReason, requiresReason } from './lead-pipeline';
import { Grouped, LeadsRepository } from './leads.repository';

const REQUIRED_ON_UPDATE = ['title', 'kind', 'ownerId'] as const;

/** Argument paths for errors of a stage move, so callers with other argument names can rename them. */
export interface StageMoveFields {
  id?: string;
  stage?: string;
  reason?: string;
}

/** `prefix.field`, or `field` alone without a prefix. */
function at(prefix: string, field: string): string {
  return prefix ? `${prefix}.${field}` : field;
}

/** Leads per key, without the key column the batch query added. */
function groupLeads(keys: readonly string[], rows: Grouped<Lead>[]): Lead[][] {
  return groupByKeys(keys, rows, (row) => row.groupKey).map((leads) =>
    leads.map(({ groupKey: _groupKey, ...lead }) => lead),
  );
}

function staleVersion(lead: Lead, expectedVersion: number): LiaisonException {
  return LiaisonException.conflict(
    `Lead ${lead.id} was changed by someone else: version is ${lead.version}, not ${expectedVersion}`,
    { field: 'expectedVersion', currentVersion: lead.version },
  );
}

/** Field values for the leads table; list fields cleared with null become empty lists. */
function toValues(input: UpdateLeadInput): Partial<Lead> {
  const {
    organisations: _organisations,
    contactIds: _contactIds,
    confidentiality: _confidentiality,
    teamId: _teamId,
    sharedWithUserIds: _sharedWith,
    topics,
    ...rest
  } = input;
  return { ...rest, ...(topics !== undefined ? { topics: topics ?? [] } : {}) } as Partial<Lead>;
}

@Injectable()
export class LeadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: LeadsRepository,
    private readonly people: PeopleService,
    private readonly access: AccessService,
    private readonly meetings: MeetingsService,
  ) {}

  getById(id: string): Promise<Lead> {
    return this.repository.leads.getById(this.dataSource.manager, id);
  }

  /** The request's loader of Leads by id (null for an unknown id): one SQL statement per batch. */
  byId(loaders: LoaderRegistry) {
    return loaders.get<string, Lead | null>('lead.byId', async (ids) =>
      byKeys(ids, await this.repository.findByIds(ids), (row) => row.id),
    );
  }

  /** Batch read for per-request loaders. */
  findByIds(ids: readonly string[]): Promise<Lead[]> {
    return this.repository.findByIds(ids);
  }

  async list(args: LeadsArgs): Promise<Connection<Lead>> {
    const orderField = args.orderBy?.field ?? LeadOrderField.UPDATED_AT;
    const defaultDirection = orderField === LeadOrderField.UPDATED_AT ? SortDirection.DESC : SortDirection.ASC;
    const rows = await this.repository.findPage({
      filter: args.filter,
      orderField,
      direction: args.orderBy?.direction ?? defaultDirection,
      first: args.first,
      after: args.after ? decodeCursor(args.after, 2) : undefined,
    });
    return keysetConnection(rows, args.first, args.after, () => this.repository.count(args.filter));
  }

  create(input: CreateLeadInput, userId: string): Promise<Lead> {
    return this.dataSource.transaction((db) => this.createIn(db, input, userId, 'input'));
  }

  /**
   * Creates a lead inside the caller's transaction (logMeeting creates the
   * leads a meeting produced) and records its first stage change, from
   * nothing to NEW. Error fields are paths inside the lead input, after
   * `fieldPrefix` (`input.leads.0` gives `input.leads.0.originTripId`).
   */
  async createIn(db: Db, input: CreateLeadInput, userId: string, fieldPrefix = ''): Promise<Lead> {
    const ownerId = input.ownerId ?? userId;
    if (input.ownerId) await this.assertUserExists(db, input.ownerId, at(fieldPrefix, 'ownerId'));
    const organisations = await this.checkedOrganisations(db, input.organisations ?? [], fieldPrefix);
    const contactIds = await this.checkedContacts(db, input.contactIds ?? [], fieldPrefix);
    const origin = await this.resolveOrigin(db, input, undefined, fieldPrefix);
    const access = await this.access.values(db, input, { teamOf: ownerId, fieldPrefix: at(fieldPrefix, '') });
    const lead = await this.repository.leads.insert(db, { ...toValues(input), ...origin, ...access, ownerId });
    await this.repository.addOrganisations(db, lead.id, organisations);
    await this.repository.addContacts(db, lead.id, contactIds);
    await this.repository.insertStageChange(db, {
      leadId: lead.id,
      fromStage: null,
      toStage: LeadStage.NEW,
      reason: null,
      changedBy: userId,
    });
    await this.access.afterWrite(db, 'LEAD', lead.id, input, currentViewer(), at(fieldPrefix, ''));
    return lead;
  }

  /** Locks the lead for the rest of the caller's transaction; NOT_FOUND on `field` for an unknown or hidden lead. */
  getForUpdateIn(db: Db, id: string, field = 'id'): Promise<Lead> {
    return this.repository.leads.lock(db, id, field);
  }

  async update(id: string, expectedVersion: number, input: UpdateLeadInput): Promise<Lead> {
    for (const field of REQUIRED_ON_UPDATE) {
      if (input[field] === null) throw LiaisonException.badInput(`input.${field}`, `${field} cannot be cleared`);
    }
    return this.dataSource.transaction(async (db) => {
      const current = await this.repository.leads.lock(db, id);
      if (current.version !== expectedVersion) throw staleVersion(current, expectedVersion);
      if (input.ownerId) await this.assertUserExists(db, input.ownerId, 'input.ownerId');
      const organisations =
        input.organisations !== undefined ? await this.checkedOrganisations(db, input.organisations ?? [], 'input') : undefined;
      const contactIds =
        input.contactIds !== undefined ? await this.checkedContacts(db, input.contactIds ?? [], 'input') : undefined;
      const originChanges = input.originTripId !== undefined || input.originMeetingId !== undefined;
      const origin = originChanges ? await this.resolveOrigin(db, input, current, 'input') : {};
      const access = await this.access.values(db, input, {
        teamOf: input.ownerId ?? current.ownerId,
        fieldPrefix: 'input.',
        current,
      });
      const lead = await this.repository.leads.updateVersioned(db, id, expectedVersion, { ...toValues(input), ...origin, ...access });
      if (organisations) await this.repository.replaceOrganisations(db, id, organisations);
      if (contactIds) await this.repository.replaceContacts(db, id, contactIds);
      await this.access.afterWrite(db, 'LEAD', id, input, currentViewer(), 'input.');
      return lead;
    });
  }

  moveStage(id: string, expectedVersion: number, stage: LeadStage, reason: string | null | undefined, userId: string) {
    return this.dataSource.transaction((db) => this.moveStageIn(db, id, expectedVersion, stage, reason, userId));
  }

  /**
   * Moves a lead along the pipeline (see lead-pipeline.ts) inside the caller's
   * transaction and appends the move to its history: CONFLICT when
   * `expectedVersion` is stale, BAD_USER_INPUT on `stage` for an illegal move
   * and on `reason` for LOST without one. The lead row stays locked until the
   * transaction ends, so concurrent moves run one after the other.
   */
  async moveStageIn(
    db: Db,
    id: string,
    expectedVersion: number,
    stage: LeadStage,
    reason: string | null | undefined,
    userId: string,
    fields: StageMoveFields = {},
  ): Promise<Lead> {
    const lead = await this.repository.leads.lock(db, id, fields.id ?? 'id');
    if (lead.version !== expectedVersion) throw staleVersion(lead, expectedVersion);
    const illegal = illegalMoveReason(lead.stage, stage);
    if (illegal) throw LiaisonException.badInput(fields.stage ?? 'stage', illegal);
    const why = reason?.trim() || null;
    if (requiresReason(stage) && !why) {
      throw LiaisonException.badInput(fields.reason ?? 'reason', `A lead can only become ${stage} with a reason`);
    }
    const change = await this.repository.insertStageChange(db, {
      leadId: id,
      fromStage: lead.stage,
      toStage: stage,
      reason: why,
      changedBy: userId,
    });
    return this.repository.moveStage(db, id, stage, change.changedAt, keepsClosedReason(stage) ? why : null);
  }

  /** Archiving hides the lead from lists; archiving twice is harmless. */
  setArchived(id: string, archived: boolean): Promise<Lead> {
    return this.dataSource.transaction((db) => this.repository.leads.setArchived(db, id, archived));
  }

  /** Provenance as its own object, or null when the lead came from no known trip or meeting. */
  async originOf(lead: Lead, loaders: LoaderRegistry): Promise<LeadOrigin | null> {
    const meetingId = await this.visibleOriginMeetingId(lead, loaders);
    if (!lead.originTripId && !meetingId) return null;
    return { tripId: lead.originTripId, meetingId };
  }

  /**
   * The meeting a lead came from, unless that meeting is confidential and
   * hidden from the caller: an INTERNAL lead must not betray it by its id.
   */
  async visibleOriginMeetingId(lead: Lead, loaders: LoaderRegistry): Promise<string | null> {
    if (!lead.originMeetingId) return null;
    return (await this.meetings.byId(loaders).load(lead.originMeetingId)) ? lead.originMeetingId : null;
  }

  /** The organisations involved in a lead, for a partnership made from it. */
  organisationIdsIn(db: Db, leadId: string): Promise<string[]> {
    return this.repository.organisationIdsOf(db, leadId);
  }

  // Relation fields, each one SQL statement per request level.

  organisationsOf(leadId: string, loaders: LoaderRegistry): Promise<LeadOrganisation[]> {
    return loaders
      .get<string, LeadOrganisation[]>('lead.organisations', async (ids) =>
        groupByKeys(ids, await this.repository.findOrganisationsOf(ids), (row) => row.leadId),
      )
      .load(leadId);
  }

  async contactsOf(leadId: string, loaders: LoaderRegistry): Promise<Person[]> {
    const links = await loaders
      .get<string, { leadId: string; personId: string }[]>('lead.contactIds', async (ids) =>
        groupByKeys(ids, await this.repository.findContactIdsOf(ids), (row) => row.leadId),
      )
      .load(leadId);
    const people = await this.people.byId(loaders).loadMany(links.map((link) => link.personId));
    return people.filter((person): person is Person => !!person && !(person instanceof Error));
  }

  stageHistoryOf(leadId: string, loaders: LoaderRegistry): Promise<LeadStageChange[]> {
    return loaders
      .get<string, LeadStageChange[]>('lead.stageHistory', async (ids) =>
        groupByKeys(ids, await this.repository.findStageChangesOf(ids), (row) => row.leadId),
      )
      .load(leadId);
  }

  /** Stage history read inside a transaction (tests and callers checking what they wrote). */
  stageHistoryIn(db: Db, leadId: string): Promise<LeadStageChange[]> {
    return this.repository.findStageChangesOf([leadId], db);
  }

  leadsOfOrganisation(organisationId: string, open: boolean | undefined, loaders: LoaderRegistry): Promise<Lead[]> {
    return loaders
      .get<string, Lead[]>(`organisation.leads.${open ?? 'all'}`, async (ids) =>
        groupLeads(ids, await this.repository.findByOrganisations(ids, open)),
      )
      .load(organisationId);
  }

  leadsOfPerson(personId: string, loaders: LoaderRegistry): Promise<Lead[]> {
    return loaders
      .get<string, Lead[]>('person.leads', async (ids) => groupLeads(ids, await this.repository.findByContacts(ids)))
      .load(personId);
  }

  leadsOfTrip(tripId: string, loaders: LoaderRegistry): Promise<Lead[]> {
    return loaders
      .get<string, Lead[]>('trip.leads', async (ids) => groupLeads(ids, await this.repository.findByOrigin('origin_trip_id', ids)))
      .load(tripId);
  }

  leadsOfMeeting(meetingId: string, loaders: LoaderRegistry): Promise<Lead[]> {
    return loaders
      .get<string, Lead[]>('meeting.leads', async (ids) =>
        groupLeads(ids, await this.repository.findByOrigin('origin_meeting_id', ids)),
      )
      .load(meetingId);
  }

  private async assertUserExists(db: Db, userId: string, field: string): Promise<void> {
    const found = await this.repository.existingIds(db, 'users', [userId]);
    if (!found.has(userId)) throw LiaisonException.badInput(field, `No user with id ${userId}`);
  }

  /** Each organisation once and existing; errors name the entry (`organisations.2.organisationId`). */
  private async checkedOrganisations(db: Db, organisations: LeadOrganisationInput[], prefix: string) {
    const seen = new Set<string>();
    organisations.forEach((entry, i) => {
      if (seen.has(entry.organisationId)) {
        throw LiaisonException.badInput(
          at(prefix, `organisations.${i}.organisationId`),
          `Organisation ${entry.organisationId} is listed twice`,
        );
      }
      seen.add(entry.organisationId);
    });
    const found = await this.repository.existingIds(db, 'organisations', [...seen]);
    const missing = organisations.findIndex((entry) => !found.has(entry.organisationId));
    if (missing >= 0) {
      throw LiaisonException.badInput(
        at(prefix, `organisations.${missing}.organisationId`),
        `No organisation with id ${organisations[missing].organisationId}`,
      );
    }
    return organisations.map(({ organisationId, side }) => ({ organisationId, side }));
  }

  /** Existing people, each once (a repeated id is harmless and dropped). */
  private async checkedContacts(db: Db, contactIds: string[], prefix: string): Promise<string[]> {
    const unique = [...new Set(contactIds)];
    const found = await this.repository.existingIds(db, 'people', unique);
    const missing = contactIds.findIndex((id) => !found.has(id));
    if (missing >= 0) {
      throw LiaisonException.badInput(at(prefix, `contactIds.${missing}`), `No person with id ${contactIds[missing]}`);
    }
    return unique;
  }

  /**
   * The trip and meeting a lead came from. A meeting of a trip brings its trip
   * when none is given; a trip other than the meeting's is a contradiction. On
   * update, `current` fills in the half the input leaves out.
   *
   * An editor who may not see the current origin meeting edits the origin as
   * they see it, without that meeting: the answer is what a lead without it
   * would give. The hidden link stays while it agrees with the resulting
   * trip, and goes when the editor names another meeting or another trip.
   */
  private async resolveOrigin(
    db: Db,
    input: Pick<UpdateLeadInput, 'originTripId' | 'originMeetingId'>,
    current: Lead | undefined,
    prefix: string,
  ): Promise<Pick<Lead, 'originTripId' | 'originMeetingId'>> {
    const given = input.originMeetingId !== undefined;
    const meetingId = given ? input.originMeetingId : (current?.originMeetingId ?? null);
    if (!meetingId) return this.originWith(db, input, current, prefix, null);
    const meeting = await this.repository.findMeetingTrip(db, meetingId);
    if (!meeting || (given && !meeting.visible)) {
      throw LiaisonException.badInput(at(prefix, 'originMeetingId'), `No meeting with id ${meetingId}`);
    }
    if (meeting.visible) return this.originWith(db, input, current, prefix, meeting);
    const origin = await this.originWith(db, input, current, prefix, null);
    const agrees = meeting.tripId === null || meeting.tripId === origin.originTripId;
    return agrees ? { ...origin, originMeetingId: meeting.id } : origin;
  }

  /** The origin for a meeting the editor sees (or none). */
  private async originWith(
    db: Db,
    input: Pick<UpdateLeadInput, 'originTripId' | 'originMeetingId'>,
    current: Lead | undefined,
    prefix: string,
    meeting: { id: string; tripId: string | null } | null,
  ): Promise<Pick<Lead, 'originTripId' | 'originMeetingId'>> {
    const meetingId = meeting?.id ?? null;
    const meetingTripId = meeting?.tripId ?? null;
    const givenTripId = input.originTripId ?? null;
    if (givenTripId) {
      const found = await this.repository.existingIds(db, 'trips', [givenTripId]);
      if (!found.has(givenTripId)) throw LiaisonException.badInput(at(prefix, 'originTripId'), `No trip with id ${givenTripId}`);
      if (meetingTripId && meetingTripId !== givenTripId) {
        throw LiaisonException.badInput(
          at(prefix, 'originTripId'),
          `The meeting ${meetingId} belongs to trip ${meetingTripId}, not to trip ${givenTripId}`,
        );
      }
      return { originTripId: givenTripId, originMeetingId: meetingId };
    }
    if (meetingTripId) return { originTripId: meetingTripId, originMeetingId: meetingId };
    // A meeting outside any trip leaves the trip as it was, unless the input cleared it.
    const keptTripId = input.originTripId === undefined ? (current?.originTripId ?? null) : null;
    return { originTripId: keptTripId, originMeetingId: meetingId };
  }
}
