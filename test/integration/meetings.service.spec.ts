import { LiaisonException } from '../../src/common/errors/liaison.exception';
import { LoaderRegistry } from '../../src/common/dataloader/loader-registry';
import { SortDirection } from '../../src/common/graphql/sort-direction.enum';
import { CreateMeetingInput } from '../../src/meetings/dto/create-meeting.input';
import { MeetingOrderField, MeetingsArgs } from '../../src/meetings/dto/meetings.args';
import { MeetingKind, MeetingStatus, ParticipantSide } from '../../src/meetings/meeting.enums';
import { MeetingsService } from '../../src/meetings/meetings.service';
import { OrganisationsService } from '../../src/organisations/organisations.service';
import { TripsService } from '../../src/trips/trips.service';
import { meetingInput } from '../factories/meeting.factory';
import { organisationInput } from '../factories/organisation.factory';
import { insertPerson, tripInput } from '../factories/trip.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { failureOf, failureWithMessage } from '../utils/failure';
import { calledAs, SYSTEM } from '../utils/viewer';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

function args(overrides: Partial<MeetingsArgs> = {}): MeetingsArgs {
  return Object.assign(new MeetingsArgs(), { first: 25, ...overrides });
}


describe('MeetingsService (real database)', () => {
  let t: TestApp;
  let service: MeetingsService;
  let trips: TripsService;
  let organisations: OrganisationsService;
  let userId: string;
  const count = async (table: string) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const counts = async () => [await count('meetings'), await count('meeting_participants'), await count('meeting_organisations')];

  beforeAll(async () => {
    t = await createTestApp();
    service = calledAs(SYSTEM, t.app.get(MeetingsService));
    trips = calledAs(SYSTEM, t.app.get(TripsService));
    organisations = calledAs(SYSTEM, t.app.get(OrganisationsService));
    [{ id: userId }] = await t.dataSource.query(`SELECT id FROM users LIMIT 1`);
  });
  afterAll(() => t.close());

  describe('time zones', () => {
    it('stores 14:00 Europe/Rome in May as 12:00Z and shows it back as 14:00 local', async () => {
      const meeting = await service.create(meetingInput({ startsAt: '2024-05-14T14:00', endsAt: '2024-05-14T15:30', timeZone: 'Europe/Rome' }), userId);
      expect(meeting.startsAt.toISOString()).toBe('2024-05-14T12:00:00.000Z');
      expect(meeting.endsAt!.toISOString()).toBe('2024-05-14T13:30:00.000Z');
      expect(meeting).toMatchObject({ startsAtLocal: '2024-05-14T14:00:00', endsAtLocal: '2024-05-14T15:30:00', timeZone: 'Europe/Rome' });
    });

    it('follows daylight saving time: 14:00 Europe/Rome in January is 13:00Z', async () => {
      const meeting = await service.create(meetingInput({ startsAt: '2024-01-15T14:00', endsAt: null, timeZone: 'Europe/Rome' }), userId);
      expect(meeting.startsAt.toISOString()).toBe('2024-01-15T13:00:00.000Z');
      expect(meeting).toMatchObject({ startsAtLocal: '2024-01-15T14:00:00', endsAt: null, endsAtLocal: null });
    });

    it("gives the same instant and local time whatever the process's or the database session's zone", async () => {
      const original = process.env.TZ;
      process.env.TZ = 'America/Los_Angeles';
      try {
        const meeting = await t.dataSource.transaction(async (db) => {
          await db.query(`SET LOCAL TIME ZONE 'Pacific/Auckland'`);
          return service.createIn(db, meetingInput({ startsAt: '2024-05-14T14:00', timeZone: 'Europe/Rome' }), userId);
        });
        expect(meeting.startsAt.toISOString()).toBe('2024-05-14T12:00:00.000Z');
        expect(meeting.startsAtLocal).toBe('2024-05-14T14:00:00');
        const read = await service.getById(meeting.id);
        expect(read.startsAt.toISOString()).toBe('2024-05-14T12:00:00.000Z');
        expect(read.startsAtLocal).toBe('2024-05-14T14:00:00');
      } finally {
        if (original === undefined) delete process.env.TZ;
        else process.env.TZ = original;
      }
    });

    it('rejects a zone PostgreSQL does not know as BAD_USER_INPUT on timeZone, writing nothing', async () => {
      const before = await counts();
      expect(await failureOf(service.create(meetingInput({ timeZone: 'Mars/Olympus_Mons' }), userId))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.timeZone',
      });
      expect(await counts()).toEqual(before);
    });

    it('rejects an end that is not after the start', async () => {
      expect(await failureOf(service.create(meetingInput({ startsAt: '2024-05-14T14:00', endsAt: '2024-05-14T14:00' }), userId))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.endsAt',
      });
      expect(await failureOf(service.create(meetingInput({ startsAt: '2024-05-14T14:00', endsAt: '2024-05-14T09:00' }), userId))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.endsAt',
      });
    });

    it('refuses a wall-clock time the clocks skip (2024-03-31T02:30 in Europe/Rome) with BAD_USER_INPUT on its field, writing nothing', async () => {
      const before = await counts();
      expect(await failureWithMessage(service.create(meetingInput({ startsAt: '2024-03-31T02:30', endsAt: null, timeZone: 'Europe/Rome' }), userId))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.startsAt',
        message: 'startsAt 2024-03-31T02:30 does not exist in Europe/Rome: the clocks skip that time there (summer time begins)',
      });
      expect(await failureOf(service.create(meetingInput({ startsAt: '2024-03-31T01:30', endsAt: '2024-03-31T02:00', timeZone: 'Europe/Rome' }), userId))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.endsAt',
      });
      expect(await counts()).toEqual(before);
      // Either side of the gap exists: 01:59 is still winter time, 03:00 already summer time.
      const around = await service.create(meetingInput({ startsAt: '2024-03-31T01:59', endsAt: '2024-03-31T03:00', timeZone: 'Europe/Rome' }), userId);
      expect([around.startsAt.toISOString(), around.endsAt!.toISOString()]).toEqual(['2024-03-31T00:59:00.000Z', '2024-03-31T01:00:00.000Z']);
    });

    it('names the field that made a time not exist on update: startsAt when given, else timeZone', async () => {
      // 02:30 on 2024-03-10 exists in Rome, but New York springs forward that night.
      const meeting = await service.create(meetingInput({ startsAt: '2024-03-10T02:30', endsAt: null, timeZone: 'Europe/Rome' }), userId);
      expect(await failureOf(service.update(meeting.id, 1, { timeZone: 'America/New_York' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.timeZone' });
      expect(await failureOf(service.update(meeting.id, 1, { startsAt: '2024-03-31T02:15' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.startsAt' });
      expect(await service.getById(meeting.id)).toMatchObject({ version: 1, timeZone: 'Europe/Rome', startsAtLocal: '2024-03-10T02:30:00' });
    });

    it('reads a wall-clock time the clocks pass twice (2024-10-27T02:30 in Europe/Rome) as the second passing, in standard time', async () => {
      const meeting = await service.create(meetingInput({ startsAt: '2024-10-27T02:30', endsAt: '2024-10-27T03:30', timeZone: 'Europe/Rome' }), userId);
      expect(meeting.startsAt.toISOString()).toBe('2024-10-27T01:30:00.000Z');
      expect(meeting.endsAt!.toISOString()).toBe('2024-10-27T02:30:00.000Z');
      expect(meeting).toMatchObject({ startsAtLocal: '2024-10-27T02:30:00', endsAtLocal: '2024-10-27T03:30:00' });
      // The first passing of the hour cannot be written as a wall-clock time; the minute before the hour is still summer time.
      const before = await service.create(meetingInput({ startsAt: '2024-10-27T01:59', endsAt: null, timeZone: 'Europe/Rome' }), userId);
      expect(before.startsAt.toISOString()).toBe('2024-10-26T23:59:00.000Z');
    });

    it('keeps the wall-clock time when the zone changes, and re-reads it there', async () => {
      const meeting = await service.create(meetingInput({ startsAt: '2024-05-14T14:00', endsAt: '2024-05-14T15:00', timeZone: 'Europe/Rome' }), userId);
      const moved = await service.update(meeting.id, 1, { timeZone: 'Europe/London' });
      expect(moved).toMatchObject({ timeZone: 'Europe/London', startsAtLocal: '2024-05-14T14:00:00', endsAtLocal: '2024-05-14T15:00:00' });
      expect(moved.startsAt.toISOString()).toBe('2024-05-14T13:00:00.000Z');
      expect(moved.endsAt!.toISOString()).toBe('2024-05-14T14:00:00.000Z');
    });
  });

  describe('within a trip', () => {
    let tripId: string;

    beforeAll(async () => {
      tripId = (await trips.create(tripInput({ startDate: '2024-05-13', endDate: '2024-05-16' }))).id;
    });

    it('accepts starts on the first and the last day of the trip', async () => {
      await expect(service.create(meetingInput({ tripId, startsAt: '2024-05-13T09:00', endsAt: null }), userId)).resolves.toMatchObject({ tripId });
      await expect(service.create(meetingInput({ tripId, startsAt: '2024-05-16T23:30', endsAt: null }), userId)).resolves.toMatchObject({ tripId });
    });

    it("judges the day in the meeting's zone, not in UTC", async () => {
      // 20:00 in New York on the 16th is already the 17th in UTC: still within the trip.
      const evening = await service.create(meetingInput({ tripId, startsAt: '2024-05-16T20:00', endsAt: null, timeZone: 'America/New_York' }), userId);
      expect(evening.startsAt.toISOString()).toBe('2024-05-17T00:00:00.000Z');
      // 00:30 in Rome on the 17th is still the 16th in UTC: outside the trip.
      expect(
        await failureOf(service.create(meetingInput({ tripId, startsAt: '2024-05-17T00:30', endsAt: null, timeZone: 'Europe/Rome' }), userId)),
      ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.startsAt' });
    });

    it('rejects a start outside the trip and an unknown trip, writing nothing', async () => {
      const before = await counts();
      expect(await failureOf(service.create(meetingInput({ tripId, startsAt: '2024-05-12T10:00', endsAt: null }), userId))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.startsAt',
      });
      expect(await failureOf(service.create(meetingInput({ tripId: UNKNOWN_ID }), userId))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.tripId',
      });
      expect(await counts()).toEqual(before);
    });

    it('checks the dates again when a meeting moves into a trip or within it', async () => {
      const loose = await service.create(meetingInput({ startsAt: '2024-05-20T10:00', endsAt: null }), userId);
      expect(await failureOf(service.update(loose.id, 1, { tripId }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.startsAt' });
      const joined = await service.update(loose.id, 1, { tripId, startsAt: '2024-05-15T10:00' });
      expect(joined).toMatchObject({ tripId, startsAtLocal: '2024-05-15T10:00:00', version: 2 });
      expect(await failureOf(service.update(loose.id, 2, { startsAt: '2024-05-18T10:00' }))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.startsAt',
      });
      expect(await service.update(loose.id, 2, { tripId: null, startsAt: '2024-05-18T10:00' })).toMatchObject({ tripId: null, version: 3 });
    });
  });

  describe('organisations and participants', () => {
    it('stores, replaces and keeps the sets; each person once', async () => {
      const brembo = await organisations.create(organisationInput({ name: 'Brembo' }));
      const siemens = await organisations.create(organisationInput({ name: 'Siemens Italia' }));
      const host = await insertPerson(t.dataSource, 'Matteo', 'Tiraboschi');
      const minister = await insertPerson(t.dataSource, 'Martin', 'Dulig');
      const staff = await insertPerson(t.dataSource, 'Dirk', 'Vogel');
      const meeting = await service.create(
        meetingInput({
          organisationIds: [siemens.id, brembo.id, brembo.id],
          participants: [
            { personId: staff, side: ParticipantSide.INTERNAL },
            { personId: host, side: ParticipantSide.HOST },
            { personId: minister, side: ParticipantSide.DELEGATION },
          ],
        }),
        userId,
      );
      const loaders = new LoaderRegistry();
      expect((await service.organisationsOf(meeting.id, loaders)).map((o) => o.name)).toEqual(['Brembo', 'Siemens Italia']);
      expect(await service.participantsOf(meeting.id, loaders)).toEqual([
        { meetingId: meeting.id, personId: minister, side: ParticipantSide.DELEGATION },
        { meetingId: meeting.id, personId: host, side: ParticipantSide.HOST },
        { meetingId: meeting.id, personId: staff, side: ParticipantSide.INTERNAL },
      ]);

      await service.update(meeting.id, 1, { title: 'Nur der Titel' });
      const unchanged = new LoaderRegistry();
      expect(await service.organisationsOf(meeting.id, unchanged)).toHaveLength(2);
      expect(await service.participantsOf(meeting.id, unchanged)).toHaveLength(3);

      await service.update(meeting.id, 2, { organisationIds: [siemens.id], participants: [{ personId: host, side: ParticipantSide.HOST }] });
      const replaced = new LoaderRegistry();
      expect((await service.organisationsOf(meeting.id, replaced)).map((o) => o.name)).toEqual(['Siemens Italia']);
      expect((await service.participantsOf(meeting.id, replaced)).map((p) => p.personId)).toEqual([host]);

      await service.update(meeting.id, 3, { organisationIds: null, participants: [] });
      const cleared = new LoaderRegistry();
      expect(await service.organisationsOf(meeting.id, cleared)).toEqual([]);
      expect(await service.participantsOf(meeting.id, cleared)).toEqual([]);
    });

    it('names the unknown or repeated entry and writes nothing', async () => {
      const person = await insertPerson(t.dataSource);
      const org = await organisations.create(organisationInput());
      const before = await counts();
      const cases: [Parameters<typeof meetingInput>[0], string][] = [
        [{ participants: [{ personId: person, side: ParticipantSide.HOST }, { personId: UNKNOWN_ID, side: ParticipantSide.HOST }] }, 'input.participants.1.personId'],
        [{ participants: [{ personId: person, side: ParticipantSide.HOST }, { personId: person, side: ParticipantSide.INTERNAL }] }, 'input.participants.1.personId'],
        [{ organisationIds: [org.id, org.id, UNKNOWN_ID] }, 'input.organisationIds.2'],
      ];
      for (const [change, field] of cases) {
        expect(await failureOf(service.create(meetingInput(change), userId))).toEqual({ code: 'BAD_USER_INPUT', field });
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe('update', () => {
    it('answers CONFLICT for a stale version and changes nothing', async () => {
      const meeting = await service.create(meetingInput({ title: 'Original' }), userId);
      await service.update(meeting.id, 1, { title: 'Erste Änderung' });
      expect(await failureOf(service.update(meeting.id, 1, { title: 'Verloren', startsAt: '2030-01-01T10:00' }))).toEqual({
        code: 'CONFLICT',
        field: 'expectedVersion',
      });
      expect(await service.getById(meeting.id)).toMatchObject({ title: 'Erste Änderung', version: 2, startsAtLocal: '2024-05-14T14:00:00' });
    });

    it('lets exactly 1 of 20 concurrent updates with the same version apply', async () => {
      const meeting = await service.create(meetingInput(), userId);
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => service.update(meeting.id, 1, { agenda: `writer ${i}`, startsAt: '2024-05-14T10:00' })),
      );
      const applied = results.filter((r) => r.status === 'fulfilled');
      const conflicts = results.filter(
        (r) => r.status === 'rejected' && r.reason instanceof LiaisonException && r.reason.code === 'CONFLICT',
      );
      expect([applied.length, conflicts.length]).toEqual([1, 19]);
      expect(await service.getById(meeting.id)).toMatchObject({
        version: 2,
        agenda: (applied[0] as PromiseFulfilledResult<{ agenda: string }>).value.agenda,
      });
    });

    it.each(['title', 'kind', 'startsAt', 'timeZone'] as const)('refuses to clear %s', async (field) => {
      const meeting = await service.create(meetingInput(), userId);
      expect(await failureOf(service.update(meeting.id, 1, { [field]: null }))).toEqual({ code: 'BAD_USER_INPUT', field: `input.${field}` });
    });

    it('clears the end and checks a new end against the stored start', async () => {
      const meeting = await service.create(meetingInput({ startsAt: '2024-05-14T14:00', endsAt: '2024-05-14T15:00' }), userId);
      expect(await failureOf(service.update(meeting.id, 1, { endsAt: '2024-05-14T13:00' }))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.endsAt',
      });
      expect(await service.update(meeting.id, 1, { endsAt: null, location: null })).toMatchObject({ endsAt: null, endsAtLocal: null, location: null });
    });

    it('answers NOT_FOUND for an unknown meeting', async () => {
      expect(await failureOf(service.update(UNKNOWN_ID, 1, { title: 'x' }))).toEqual({ code: 'NOT_FOUND', field: 'id' });
    });
  });

  describe('status', () => {
    it('is PLANNED on creation, HELD with an outcome logged by the user, and cannot then be cancelled', async () => {
      const meeting = await service.create(meetingInput({ intendedResult: 'Pilotprojekt vereinbaren' }), userId);
      expect(meeting).toMatchObject({ status: MeetingStatus.PLANNED, loggedBy: null, loggedAt: null });
      const held = await service.recordOutcome(meeting.id, 1, { outcomeSummary: 'Gutes Gespräch', actualResult: 'Absichtserklärung' }, userId);
      expect(held).toMatchObject({
        status: MeetingStatus.HELD,
        outcomeSummary: 'Gutes Gespräch',
        intendedResult: 'Pilotprojekt vereinbaren',
        actualResult: 'Absichtserklärung',
        loggedBy: userId,
        version: 2,
      });
      expect(Math.abs(held.loggedAt!.getTime() - Date.now())).toBeLessThan(60_000);
      expect(await failureOf(service.cancel(meeting.id, 2, 'zu spät'))).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
      expect(await service.getById(meeting.id)).toMatchObject({ status: MeetingStatus.HELD, version: 2, cancelReason: null });
    });

    it('cancels with a reason; a cancelled meeting takes no outcome', async () => {
      const meeting = await service.create(meetingInput(), userId);
      const cancelled = await service.cancel(meeting.id, 1, 'Gastgeber erkrankt');
      expect(cancelled).toMatchObject({ status: MeetingStatus.CANCELLED, cancelReason: 'Gastgeber erkrankt', version: 2 });
      expect(await failureOf(service.recordOutcome(meeting.id, 2, { outcomeSummary: 'x' }, userId))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'id',
      });
    });

    it('answers CONFLICT for stale versions on cancel and outcome', async () => {
      const meeting = await service.create(meetingInput(), userId);
      await service.update(meeting.id, 1, { agenda: 'Neu' });
      expect(await failureOf(service.cancel(meeting.id, 1, 'x'))).toEqual({ code: 'CONFLICT', field: 'expectedVersion' });
      expect(await failureOf(service.recordOutcome(meeting.id, 1, { outcomeSummary: 'x' }, userId))).toEqual({
        code: 'CONFLICT',
        field: 'expectedVersion',
      });
      expect(await service.getById(meeting.id)).toMatchObject({ status: MeetingStatus.PLANNED, version: 2 });
    });
  });

  describe('methods for other features\' transactions', () => {
    it('create, lock, update, record and set the sets in one transaction', async () => {
      const person = await insertPerson(t.dataSource);
      const org = await organisations.create(organisationInput());
      const trip = await trips.create(tripInput());
      const result = await t.dataSource.transaction(async (db) => {
        await trips.assertExist([trip.id], 'input.tripId', db);
        const created = await service.createIn(db, meetingInput({ tripId: trip.id }), userId);
        const locked = await service.getForUpdateIn(db, created.id);
        const updated = await service.updateIn(db, locked.id, locked.version, { agenda: 'Tagesordnung' });
        await service.setParticipantsIn(db, created.id, [{ personId: person, side: ParticipantSide.HOST }]);
        await service.setOrganisationsIn(db, created.id, [org.id]);
        return service.recordOutcomeIn(db, created.id, updated.version, { outcomeSummary: 'Erledigt' }, userId);
      });
      expect(result).toMatchObject({ tripId: trip.id, agenda: 'Tagesordnung', status: MeetingStatus.HELD, loggedBy: userId, version: 3 });
      const loaders = new LoaderRegistry();
      expect(await service.participantsOf(result.id, loaders)).toEqual([{ meetingId: result.id, personId: person, side: ParticipantSide.HOST }]);
      expect((await service.organisationsOf(result.id, loaders)).map((o) => o.id)).toEqual([org.id]);
    });

    it('rolls the caller back on failure, with fields under the given prefix', async () => {
      const before = await counts();
      const failure = await failureOf(
        t.dataSource.transaction(async (db) => {
          await service.createIn(db, meetingInput(), userId);
          await service.createIn(
            db,
            meetingInput({ participants: [{ personId: UNKNOWN_ID, side: ParticipantSide.HOST }] }),
            userId,
            'input.meeting.',
          );
        }),
      );
      expect(failure).toEqual({ code: 'BAD_USER_INPUT', field: 'input.meeting.participants.0.personId' });
      expect(await counts()).toEqual(before);
    });

    it('uses the prefix in every ...In check', async () => {
      const meeting = await service.create(meetingInput(), userId);
      await t.dataSource.transaction(async (db) => {
        expect(await failureOf(service.setOrganisationsIn(db, meeting.id, [UNKNOWN_ID], ''))).toEqual({
          code: 'BAD_USER_INPUT',
          field: 'organisationIds.0',
        });
      });
      expect(await failureOf(t.dataSource.transaction((db) => service.updateIn(db, meeting.id, 1, { endsAt: '2024-05-14T13:00' }, 'input.meeting.')))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.meeting.endsAt',
      });
      expect(await failureOf(t.dataSource.transaction((db) => service.getForUpdateIn(db, UNKNOWN_ID)))).toEqual({ code: 'NOT_FOUND', field: 'id' });
    });
  });

  describe('lists and programmes', () => {
    let tripId: string;
    let otherTripId: string;
    let orgId: string;
    let personId: string;
    let ids: Record<string, string>;

    beforeAll(async () => {
      tripId = (await trips.create(tripInput({ startDate: '2024-05-13', endDate: '2024-05-16' }))).id;
      otherTripId = (await trips.create(tripInput({ startDate: '2024-05-13', endDate: '2024-05-16' }))).id;
      orgId = (await organisations.create(organisationInput({ name: 'Lamborghini' }))).id;
      personId = await insertPerson(t.dataSource);
      ids = {};
      const rows: [string, string, string, MeetingKind, Partial<CreateMeetingInput>][] = [
        ['Lamborghini', '2024-05-15T10:00', 'Europe/Rome', MeetingKind.VISIT, { organisationIds: [orgId] }],
        ['Frühstück', '2024-05-14T08:00', 'Europe/Rome', MeetingKind.TALK, { participants: [{ personId, side: ParticipantSide.DELEGATION }] }],
        ['Rückruf Dresden', '2024-05-14T09:30', 'Europe/Berlin', MeetingKind.CALL, {}],
        ['Abendessen', '2024-05-14T20:00', 'Europe/Rome', MeetingKind.EVENT, {}],
      ];
      for (const [title, startsAt, timeZone, kind, extra] of rows) {
        const meeting = await service.create(meetingInput({ title, startsAt, endsAt: null, timeZone, kind, tripId, ...extra }), userId);
        ids[title] = meeting.id;
      }
      await service.create(meetingInput({ title: 'Anderer Trip', tripId: otherTripId }), userId);
    });

    it("shows a trip's programme in time order, without archived meetings", async () => {
      const titles = async () => (await service.programmeOf(tripId, new LoaderRegistry())).map((m) => m.title);
      expect(await titles()).toEqual(['Frühstück', 'Rückruf Dresden', 'Abendessen', 'Lamborghini']);
      await service.setArchived(ids['Abendessen'], true);
      expect(await titles()).toEqual(['Frühstück', 'Rückruf Dresden', 'Lamborghini']);
      const page = await service.list(args({ filter: { tripId, includeArchived: true } }));
      expect(page.edges.map((e) => e.node.title)).toContain('Abendessen');
      await service.setArchived(ids['Abendessen'], false);
      expect(await titles()).toHaveLength(4);
    });

    it('loads several programmes in one batch', async () => {
      const loaders = new LoaderRegistry();
      const [mine, other] = await Promise.all([service.programmeOf(tripId, loaders), service.programmeOf(otherTripId, loaders)]);
      expect(mine).toHaveLength(4);
      expect(other.map((m) => m.title)).toEqual(['Anderer Trip']);
    });

    const titles = async (filter: Partial<MeetingsArgs['filter']>, direction?: SortDirection) =>
      (
        await service.list(args({ first: 100, filter: { tripId, includeArchived: false, ...filter }, orderBy: direction ? { field: MeetingOrderField.STARTS_AT, direction } : undefined }))
      ).edges.map((e) => e.node.title);

    it('filters by organisation, participant, kind, status and time window', async () => {
      expect(await titles({})).toEqual(['Frühstück', 'Rückruf Dresden', 'Abendessen', 'Lamborghini']);
      expect(await titles({}, SortDirection.DESC)).toEqual(['Lamborghini', 'Abendessen', 'Rückruf Dresden', 'Frühstück']);
      expect(await titles({ tripId: undefined, organisationId: orgId })).toEqual(['Lamborghini']);
      expect(await titles({ tripId: undefined, personId })).toEqual(['Frühstück']);
      expect(await titles({ kind: MeetingKind.CALL })).toEqual(['Rückruf Dresden']);
      // 08:00 Rome is 06:00Z, 09:30 Berlin is 07:30Z: [07:00Z, 18:00Z) holds only the call.
      expect(await titles({ from: new Date('2024-05-14T07:00:00Z'), to: new Date('2024-05-14T18:00:00Z') })).toEqual(['Rückruf Dresden']);
      await service.cancel(ids['Abendessen'], (await service.getById(ids['Abendessen'])).version, 'Restaurant geschlossen');
      expect(await titles({ status: MeetingStatus.CANCELLED })).toEqual(['Abendessen']);
      expect(await titles({ status: MeetingStatus.PLANNED })).toEqual(['Frühstück', 'Rückruf Dresden', 'Lamborghini']);
    });

    it('rejects a window that ends before it starts', async () => {
      expect(
        await failureOf(service.list(args({ filter: { from: new Date('2024-05-15T00:00:00Z'), to: new Date('2024-05-14T00:00:00Z'), includeArchived: false } }))),
      ).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.to' });
    });

    it('walks every page exactly once in both directions', async () => {
      const total = await (await service.list(args())).totalCount;
      expect(total).toBeGreaterThanOrEqual(5);
      for (const direction of [SortDirection.ASC, SortDirection.DESC]) {
        const seen: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await service.list(args({ first: 3, after, orderBy: { field: MeetingOrderField.STARTS_AT, direction } }));
          seen.push(...page.edges.map((e) => e.node.id));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor!;
        }
        expect(seen).toHaveLength(total);
        expect(new Set(seen).size).toBe(total);
      }
    });
  });
});
