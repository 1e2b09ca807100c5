import { currentViewer } from '../access/access-policy';
import { AccessService } from '../access/access.service';
import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { byKeys, groupByKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Connection, decodeCursor, keysetConnection } from '../common/graphql/connection';
import { SortDirection } from '../common/graphql/sort-direction.enum';
import { Db } from '../database/table';
import { Organisation } from '../organisations/organisation.model';
import { OrganisationsService } from '../organisations/organisations.service';
import { TripsService } from '../trips/trips.service';
import { CreateMeetingInput } from './dto/create-meeting.input';
import { MeetingsArgs } from './dto/meetings.args';
import { UpdateMeetingInput } from './dto/update-meeting.args';
import { MeetingStatus } from './meeting.enums';
import { Meeting, Participant } from './meeting.model';
import { LocalTimesRow, MeetingOrganisationLink, MeetingsRepository, ParticipantValue } from './meetings.repository';

export type { ParticipantValue } from './meetings.repository';

export interface MeetingOutcome {
  outcomeSummary: string;
  /** Omitted keeps the planned one; null clears it. */
  intendedResult?: string | null;
  actualResult?: string | null;
}

const REQUIRED_ON_UPDATE = ['title', 'kind', 'startsAt', 'timeZone'] as const;

/** PostgreSQL's "invalid_parameter_value", raised for a time zone it does not know. */
const PG_INVALID_PARAMETER_VALUE = '22023';

/** The same CONFLICT the versioned UPDATE answers. */
function staleVersion(current: Meeting, expectedVersion: number): LiaisonException {
  return LiaisonException.conflict(
    `Meeting ${current.id} was changed by someone else: version is ${current.version}, not ${expectedVersion}`,
    { field: 'expectedVersion', currentVersion: current.version },
  );
}

/**
 * Meetings and their rules. Methods named `...In(db, ...)` run inside the
 * caller's transaction (logMeeting uses them); their error fields are paths
 * below `fieldPrefix`, 'input.' by default (`input.participants.1.personId`).
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: MeetingsRepository,
    private readonly trips: TripsService,
    private readonly organisations: OrganisationsService,
    private readonly access: AccessService,
  ) {}

  getById(id: string): Promise<Meeting> {
    return this.repository.meetings.getById(this.dataSource.manager, id);
  }

  /** The request's loader of Meetings by id (null for an unknown id): one SQL statement per batch. */
  byId(loaders: LoaderRegistry) {
    return loaders.get<string, Meeting | null>('meeting.byId', async (ids) => byKeys(ids, await this.repository.findByIds(ids), (row) => row.id));
  }

  /** Batch read for per-request loaders. */
  findByIds(ids: readonly string[]): Promise<Meeting[]> {
    return this.repository.findByIds(ids);
  }

  /** A trip's unarchived meetings in time order, through the request's loader. */
  programmeOf(tripId: string, loaders: LoaderRegistry): Promise<Meeting[]> {
    return loaders
      .get<string, Meeting[]>('trip.programme', async (ids) =>
        groupByKeys(ids, await this.repository.programmesOf(ids), (row) => row.tripId!),
      )
      .load(tripId);
  }

  /** A meeting's organisations in name order: one statement for the links, one (shared) for the organisations. */
  async organisationsOf(meetingId: string, loaders: LoaderRegistry): Promise<Organisation[]> {
    const links = await loaders
      .get<string, MeetingOrganisationLink[]>('meeting.organisationLinks', async (ids) =>
        groupByKeys(ids, await this.repository.organisationLinksOf(ids), (row) => row.meetingId),
      )
      .load(meetingId);
    const organisations = await Promise.all(
      links.map((link) => this.organisations.byId(loaders).load(link.organisationId)),
    );
    return organisations.filter((organisation): organisation is Organisation => organisation !== null);
  }

  participantsOf(meetingId: string, loaders: LoaderRegistry): Promise<Participant[]> {
    return loaders
      .get<string, Participant[]>('meeting.participants', async (ids) =>
        groupByKeys(ids, await this.repository.participantsOf(ids), (row) => row.meetingId),
      )
      .load(meetingId);
  }

  async list(args: MeetingsArgs): Promise<Connection<Meeting>> {
    const filter = args.filter;
    if (filter?.from && filter.to && filter.to < filter.from) {
      throw LiaisonException.badInput('filter.to', 'to must be after from');
    }
    const rows = await this.repository.findPage({
      filter,
      direction: args.orderBy?.direction ?? SortDirection.ASC,
      first: args.first,
      after: args.after ? decodeCursor(args.after, 2) : undefined,
    });
    return keysetConnection(rows, args.first, args.after, () => this.repository.count(filter));
  }

  create(input: CreateMeetingInput, userId: string): Promise<Meeting> {
    return this.dataSource.transaction((db) => this.createIn(db, input, userId));
  }

  /**
   * Creates a PLANNED meeting with its organisations and participants.
   * `userId` is the user creating it: the meetings table keeps no creator
   * yet, so it is accepted for callers' sake and not stored.
   */
  async createIn(db: Db, input: CreateMeetingInput, userId: string, fieldPrefix = 'input.'): Promise<Meeting> {
    const times = await this.resolveTimes(db, input.startsAt, input.endsAt ?? null, input.timeZone, fieldPrefix);
    if (input.tripId) await this.assertWithinTrip(db, input.tripId, input.startsAt, fieldPrefix);
    const access = await this.access.values(db, input, { teamOf: userId, fieldPrefix });
    const meeting = await this.repository.meetings.insert(db, {
      ...access,
      title: input.title,
      kind: input.kind,
      status: MeetingStatus.PLANNED,
      tripId: input.tripId ?? null,
      startsAt: times.startsAt,
      endsAt: times.endsAt,
      timeZone: input.timeZone,
      location: input.location ?? null,
      agenda: input.agenda ?? null,
      intendedResult: input.intendedResult ?? null,
    });
    await this.setOrganisationsIn(db, meeting.id, input.organisationIds ?? [], fieldPrefix);
    await this.setParticipantsIn(db, meeting.id, input.participants ?? [], fieldPrefix);
    await this.access.afterWrite(db, 'MEETING', meeting.id, input, currentViewer(), fieldPrefix);
    return meeting;
  }

  /** Locks the meeting for the rest of the caller's transaction; NOT_FOUND on `field`. */
  getForUpdateIn(db: Db, id: string, field = 'id'): Promise<Meeting> {
    return this.repository.meetings.lock(db, id, field);
  }

  update(id: string, expectedVersion: number, input: UpdateMeetingInput): Promise<Meeting> {
    return this.dataSource.transaction((db) => this.updateIn(db, id, expectedVersion, input));
  }

  async updateIn(db: Db, id: string, expectedVersion: number, input: UpdateMeetingInput, fieldPrefix = 'input.'): Promise<Meeting> {
    for (const field of REQUIRED_ON_UPDATE) {
      if (input[field] === null) throw LiaisonException.badInput(`${fieldPrefix}${field}`, `${field} cannot be cleared`);
    }
    const current = await this.repository.meetings.getById(db, id);
    // A stale version conflicts before the input is checked against data the client never saw.
    if (current.version !== expectedVersion) throw staleVersion(current, expectedVersion);

    const { organisationIds, participants, startsAt, endsAt, timeZone, confidentiality, teamId, sharedWithUserIds, ...fields } = input;
    const viewer = currentViewer();
    const access = await this.access.values(db, { confidentiality, teamId }, {
      teamOf: viewer.kind === 'USER' ? viewer.userId : null,
      fieldPrefix,
      current,
    });
    const values: Partial<Meeting> = { ...fields, ...access };
    if (startsAt !== undefined || endsAt !== undefined || timeZone !== undefined) {
      // Wall-clock times stay what the user typed; a new zone re-reads them there.
      const zone = timeZone ?? current.timeZone;
      const times = await this.resolveTimes(
        db,
        startsAt ?? current.startsAtLocal,
        endsAt === undefined ? current.endsAtLocal : endsAt,
        zone,
        fieldPrefix,
        // A time kept from before that does not exist in the new zone is the new zone's doing.
        (field) => (input[field] === undefined ? 'timeZone' : field),
      );
      Object.assign(values, times, { timeZone: zone });
    }
    const tripId = input.tripId === undefined ? current.tripId : input.tripId;
    if (tripId && (input.tripId !== undefined || startsAt !== undefined)) {
      await this.assertWithinTrip(db, tripId, startsAt ?? current.startsAtLocal, fieldPrefix);
    }
    const updated = await this.repository.meetings.updateVersioned(db, id, expectedVersion, values);
    if (organisationIds !== undefined) await this.setOrganisationsIn(db, id, organisationIds ?? [], fieldPrefix);
    if (participants !== undefined) await this.setParticipantsIn(db, id, participants ?? [], fieldPrefix);
    await this.access.afterWrite(db, 'MEETING', id, { sharedWithUserIds }, viewer, fieldPrefix);
    return updated;
  }

  /** A cancelled meeting keeps its reason; one that was held cannot be cancelled. */
  cancel(id: string, expectedVersion: number, reason: string): Promise<Meeting> {
    return this.dataSource.transaction(async (db) => {
      const current = await this.repository.meetings.getById(db, id);
      if (current.version !== expectedVersion) throw staleVersion(current, expectedVersion);
      if (current.status === MeetingStatus.HELD) {
        throw LiaisonException.badInput('id', 'The meeting was held and cannot be cancelled');
      }
      return this.repository.meetings.updateVersioned(db, id, expectedVersion, {
        status: MeetingStatus.CANCELLED,
        cancelReason: reason,
      });
    });
  }

  recordOutcome(id: string, expectedVersion: number, outcome: MeetingOutcome, userId: string): Promise<Meeting> {
    return this.dataSource.transaction((db) => this.recordOutcomeIn(db, id, expectedVersion, outcome, userId));
  }

  /** Marks the meeting HELD with its outcome, logged by `userId` now. Recording again corrects the outcome. */
  async recordOutcomeIn(db: Db, id: string, expectedVersion: number, outcome: MeetingOutcome, userId: string): Promise<Meeting> {
    const current = await this.repository.meetings.getById(db, id);
    if (current.version !== expectedVersion) throw staleVersion(current, expectedVersion);
    if (current.status === MeetingStatus.CANCELLED) {
      throw LiaisonException.badInput('id', 'The meeting was cancelled: it has no outcome');
    }
    return this.repository.meetings.updateVersioned(db, id, expectedVersion, {
      status: MeetingStatus.HELD,
      outcomeSummary: outcome.outcomeSummary,
      intendedResult: outcome.intendedResult,
      actualResult: outcome.actualResult ?? null,
      loggedBy: userId,
      loggedAt: new Date(),
    });
  }

  /** Archiving hides the meeting from lists and programmes; archiving twice is harmless. */
  setArchived(id: string, archived: boolean): Promise<Meeting> {
    return this.dataSource.transaction((db) => this.repository.meetings.setArchived(db, id, archived));
  }

  /** The meeting's participants as the caller's transaction sees them (logMeeting adds to them). */
  participantsIn(db: Db, meetingId: string): Promise<Participant[]> {
    return this.repository.participantsOf([meetingId], db);
  }

  /** The meeting's organisation ids as the caller's transaction sees them. */
  async organisationIdsIn(db: Db, meetingId: string): Promise<string[]> {
    return (await this.repository.organisationLinksOf([meetingId], db)).map((link) => link.organisationId);
  }

  /** Replaces the meeting's organisations; repeated ids count once. */
  async setOrganisationsIn(db: Db, meetingId: string, organisationIds: readonly string[], fieldPrefix = 'input.'): Promise<void> {
    const unique = [...new Set(organisationIds)];
    const existing = await this.repository.existingIds(db, 'organisations', unique);
    const unknown = organisationIds.findIndex((id) => !existing.has(id));
    if (unknown >= 0) {
      throw LiaisonException.badInput(`${fieldPrefix}organisationIds.${unknown}`, `No organisation with id ${organisationIds[unknown]}`);
    }
    await this.repository.replaceOrganisations(db, meetingId, unique);
  }

  /** Replaces the meeting's participants; each person may appear once, on one side. */
  async setParticipantsIn(db: Db, meetingId: string, participants: readonly ParticipantValue[], fieldPrefix = 'input.'): Promise<void> {
    const field = (index: number) => `${fieldPrefix}participants.${index}.personId`;
    const seen = new Set<string>();
    participants.forEach((participant, index) => {
      if (seen.has(participant.personId)) throw LiaisonException.badInput(field(index), 'This person is listed twice');
      seen.add(participant.personId);
    });
    const existing = await this.repository.existingIds(db, 'people', [...seen]);
    const unknown = participants.findIndex((participant) => !existing.has(participant.personId));
    if (unknown >= 0) {
      throw LiaisonException.badInput(field(unknown), `No person with id ${participants[unknown].personId}`);
    }
    await this.repository.replaceParticipants(db, meetingId, participants);
  }

  /**
   * The instants of the wall-clock times; each must exist in the zone and the
   * end must come after the start. A time the clocks skip (spring forward) is
   * refused on the field `blamed` names; one they pass twice (fall back) is
   * read as its second passing, in standard time, as PostgreSQL does.
   */
  private async resolveTimes(
    db: Db,
    startsAtLocal: string,
    endsAtLocal: string | null,
    timeZone: string,
    fieldPrefix: string,
    blamed: (field: 'startsAt' | 'endsAt') => string = (field) => field,
  ): Promise<{ startsAt: Date; endsAt: Date | null }> {
    let times: LocalTimesRow;
    try {
      times = await this.repository.toInstants(db, startsAtLocal, endsAtLocal, timeZone);
    } catch (error) {
      // Intl and PostgreSQL ship their own zone databases; one may lack a zone the other knows.
      const code = error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
      if (code === PG_INVALID_PARAMETER_VALUE) {
        throw LiaisonException.badInput(`${fieldPrefix}timeZone`, `Unknown time zone ${timeZone}`);
      }
      throw error;
    }
    const skipped = !times.startsAtExists ? ('startsAt' as const) : !times.endsAtExists ? ('endsAt' as const) : null;
    if (skipped) {
      const local = skipped === 'startsAt' ? startsAtLocal : endsAtLocal;
      throw LiaisonException.badInput(
        `${fieldPrefix}${blamed(skipped)}`,
        `${skipped} ${local} does not exist in ${timeZone}: the clocks skip that time there (summer time begins)`,
      );
    }
    if (times.endsAt && times.endsAt.getTime() <= times.startsAt.getTime()) {
      throw LiaisonException.badInput(`${fieldPrefix}endsAt`, 'endsAt must be after startsAt');
    }
    return { startsAt: times.startsAt, endsAt: times.endsAt };
  }

  /** The meeting's local start date must fall within the trip's dates (as seen in the meeting's zone). */
  private async assertWithinTrip(db: Db, tripId: string, startsAtLocal: string, fieldPrefix: string): Promise<void> {
    const [trip] = await this.trips.findByIds([tripId], db);
    if (!trip) throw LiaisonException.badInput(`${fieldPrefix}tripId`, `No trip with id ${tripId}`);
    const day = startsAtLocal.slice(0, 10);
    if (day < trip.startDate || day > trip.endDate) {
      throw LiaisonException.badInput(
        `${fieldPrefix}startsAt`,
        `startsAt must fall within the trip's dates ${trip.startDate} to ${trip.endDate}`,
      );
    }
  }
}
