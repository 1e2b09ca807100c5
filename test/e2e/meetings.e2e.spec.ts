import { MEETING_FIELDS } from '../factories/meeting.factory';
import { insertPerson } from '../factories/trip.factory';
import { ADMIN_EMAIL, createTestApp, TestApp } from '../utils/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const CREATE = `mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { ${MEETING_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateMeetingInput!) {
  updateMeeting(id: $id, expectedVersion: $v, input: $input) { id title startsAt startsAtLocal timeZone version } }`;
const CANCEL = `mutation ($id: ID!, $v: Int!, $reason: String!) {
  cancelMeeting(id: $id, expectedVersion: $v, reason: $reason) { status cancelReason version } }`;
const OUTCOME = `mutation ($id: ID!, $v: Int!, $input: MeetingOutcomeInput!) {
  recordMeetingOutcome(id: $id, expectedVersion: $v, input: $input) {
    status outcomeSummary intendedResult actualResult loggedAt version loggedByUser { email } } }`;
const CREATE_TRIP = `mutation ($input: CreateTripInput!) { createTrip(input: $input) { id } }`;

describe('Meetings (GraphQL)', () => {
  let t: TestApp;
  let staff: string;
  let tripId: string;

  const create = async (input: Record<string, unknown>, token = staff) => {
    const res = await t.gql(CREATE, { input }, token);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createMeeting;
  };
  const createOrganisation = async (name: string) =>
    (await t.gql(`mutation ($name: String!) { createOrganisation(input: { name: $name, kind: COMPANY }) { id } }`, { name }, staff)).data
      .createOrganisation.id as string;
  const countRows = async () =>
    Promise.all(
      ['meetings', 'meeting_participants', 'meeting_organisations'].map(
        async (table) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n),
      ),
    );
  const valid = () => ({ title: 'Besuch bei Brembo', kind: 'VISIT', startsAt: '2024-05-14T14:00', timeZone: 'Europe/Rome', tripId });

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.userToken('STAFF');
    const trip = await t.gql(
      CREATE_TRIP,
      { input: { name: 'Mailand 2024', kind: 'DELEGATION', startDate: '2024-05-13', endDate: '2024-05-16' } },
      staff,
    );
    tripId = trip.data.createTrip.id;
  });
  afterAll(() => t.close());

  it('creates a meeting in Milan at 14:00 Rome time with its organisations and participants', async () => {
    const brembo = await createOrganisation('Brembo');
    const lombardia = await createOrganisation('Regione Lombardia');
    const host = await insertPerson(t.dataSource, 'Matteo', 'Tiraboschi');
    const minister = await insertPerson(t.dataSource, 'Martin', 'Dulig');
    const meeting = await create({
      ...valid(),
      endsAt: '2024-05-14T15:30',
      location: ' Curno ',
      agenda: 'Bremsen, Leichtbau',
      intendedResult: 'Kontakt zu Einkauf',
      organisationIds: [lombardia, brembo],
      participants: [
        { personId: host, side: 'HOST' },
        { personId: minister, side: 'DELEGATION' },
      ],
    });
    expect(meeting).toMatchObject({
      tripId,
      status: 'PLANNED',
      startsAt: '2024-05-14T12:00:00.000Z',
      endsAt: '2024-05-14T13:30:00.000Z',
      startsAtLocal: '2024-05-14T14:00:00',
      endsAtLocal: '2024-05-14T15:30:00',
      timeZone: 'Europe/Rome',
      location: 'Curno',
      intendedResult: 'Kontakt zu Einkauf',
      loggedBy: null,
      version: 1,
    });

    const read = await t.gql(
      `query ($id: ID!) { meeting(id: $id) { trip { name } organisations { name }
         participants { side person { familyName } } loggedByUser { email } } }`,
      { id: meeting.id },
      staff,
    );
    expect(read.data.meeting).toEqual({
      trip: { name: 'Mailand 2024' },
      organisations: [{ name: 'Brembo' }, { name: 'Regione Lombardia' }],
      participants: [
        { side: 'DELEGATION', person: { familyName: 'Dulig' } },
        { side: 'HOST', person: { familyName: 'Tiraboschi' } },
      ],
      loggedByUser: null,
    });
  });

  it("shows the trip's programme in time order across zones", async () => {
    const trip = (
      await t.gql(CREATE_TRIP, { input: { name: 'Programm', kind: 'DELEGATION', startDate: '2024-05-13', endDate: '2024-05-16' } }, staff)
    ).data.createTrip.id;
    // 10:00 Rome = 08:00Z, 09:30 London = 08:30Z, 07:00 New York = 11:00Z
    await create({ ...valid(), tripId: trip, title: 'New York call', kind: 'VIDEO_CALL', startsAt: '2024-05-14T07:00', timeZone: 'America/New_York' });
    await create({ ...valid(), tripId: trip, title: 'Rome', startsAt: '2024-05-14T10:00' });
    const archived = await create({ ...valid(), tripId: trip, title: 'Archived', startsAt: '2024-05-14T11:00' });
    await create({ ...valid(), tripId: trip, title: 'London', kind: 'CALL', startsAt: '2024-05-14T09:30', timeZone: 'Europe/London' });
    await t.gql(`mutation ($id: ID!) { archiveMeeting(id: $id) { id } }`, { id: archived.id }, staff);
    const res = await t.gql(`query ($id: ID!) { trip(id: $id) { programme { title startsAt startsAtLocal } } }`, { id: trip }, staff);
    expect(res.data.trip.programme).toEqual([
      { title: 'Rome', startsAt: '2024-05-14T08:00:00.000Z', startsAtLocal: '2024-05-14T10:00:00' },
      { title: 'London', startsAt: '2024-05-14T08:30:00.000Z', startsAtLocal: '2024-05-14T09:30:00' },
      { title: 'New York call', startsAt: '2024-05-14T11:00:00.000Z', startsAtLocal: '2024-05-14T07:00:00' },
    ]);
  });

  it('updates, conflicts, records the outcome and refuses to cancel a held meeting', async () => {
    const meeting = await create(valid());
    const updated = await t.gql(UPDATE, { id: meeting.id, v: 1, input: { title: 'Besuch Brembo Curno', startsAt: '2024-05-15T09:00' } }, staff);
    expect(updated.data.updateMeeting).toMatchObject({
      title: 'Besuch Brembo Curno',
      startsAt: '2024-05-15T07:00:00.000Z',
      startsAtLocal: '2024-05-15T09:00:00',
      version: 2,
    });
    const stale = await t.gql(UPDATE, { id: meeting.id, v: 1, input: { title: 'Verloren' } }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 });

    const held = await t.gql(OUTCOME, { id: meeting.id, v: 2, input: { outcomeSummary: 'Gutes Gespräch', actualResult: 'Folgetermin' } }, t.adminToken);
    expect(held.data.recordMeetingOutcome).toMatchObject({
      status: 'HELD',
      outcomeSummary: 'Gutes Gespräch',
      intendedResult: null,
      actualResult: 'Folgetermin',
      version: 3,
      loggedByUser: { email: ADMIN_EMAIL },
    });
    expect(held.data.recordMeetingOutcome.loggedAt).toEqual(expect.any(String));

    const cancel = await t.gql(CANCEL, { id: meeting.id, v: 3, reason: 'Zu spät' }, staff);
    expect(cancel.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const after = await t.gql(`query ($id: ID!) { meeting(id: $id) { status version } }`, { id: meeting.id }, staff);
    expect(after.data.meeting).toEqual({ status: 'HELD', version: 3 });
  });

  it('cancels with a reason and needs one', async () => {
    const meeting = await create(valid());
    const empty = await t.gql(CANCEL, { id: meeting.id, v: 1, reason: '   ' }, staff);
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const cancelled = await t.gql(CANCEL, { id: meeting.id, v: 1, reason: 'Gastgeber erkrankt' }, staff);
    expect(cancelled.data.cancelMeeting).toEqual({ status: 'CANCELLED', cancelReason: 'Gastgeber erkrankt', version: 2 });
    const outcome = await t.gql(OUTCOME, { id: meeting.id, v: 2, input: { outcomeSummary: 'x' } }, staff);
    expect(outcome.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('archives, hides from lists, restores; NOT_FOUND for an unknown id; FORBIDDEN for a viewer', async () => {
    const meeting = await create({ ...valid(), title: 'Archivtest' });
    const list = `{ meetings(filter: { tripId: "${tripId}" }) { edges { node { title } } } }`;
    await t.gql(`mutation ($id: ID!) { archiveMeeting(id: $id) { archivedAt } }`, { id: meeting.id }, staff);
    expect((await t.gql(list, {}, staff)).data.meetings.edges.map((e: any) => e.node.title)).not.toContain('Archivtest');
    const restored = await t.gql(`mutation ($id: ID!) { restoreMeeting(id: $id) { archivedAt } }`, { id: meeting.id }, staff);
    expect(restored.data.restoreMeeting.archivedAt).toBeNull();
    expect((await t.gql(list, {}, staff)).data.meetings.edges.map((e: any) => e.node.title)).toContain('Archivtest');

    const missing = await t.gql(`{ meeting(id: "${UNKNOWN_ID}") { id } }`, {}, staff);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const viewer = await t.userToken('VIEWER');
    const before = await countRows();
    const res = await t.gql(CREATE, { input: valid() }, viewer);
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await countRows()).toEqual(before);
  });

  describe('rejects bad input with BAD_USER_INPUT naming the field, writing nothing', () => {
    it.each([
      ['an empty title', { title: ' ' }, 'input.title'],
      ['a start with a space instead of T', { startsAt: '2024-05-14 14:00' }, 'input.startsAt'],
      ['a start with an offset', { startsAt: '2024-05-14T14:00+02:00' }, 'input.startsAt'],
      ['a start at 24:00', { startsAt: '2024-05-14T24:00' }, 'input.startsAt'],
      ['an unknown zone', { timeZone: 'Mars/Phobos' }, 'input.timeZone'],
      ['an offset instead of a zone', { timeZone: '+01:00' }, 'input.timeZone'],
      ['an end before the start', { endsAt: '2024-05-14T13:00' }, 'input.endsAt'],
      ['a start outside the trip', { startsAt: '2024-05-20T10:00' }, 'input.startsAt'],
      ['a start the clocks skip (summer time begins in Rome)', { startsAt: '2024-03-31T02:30', tripId: null }, 'input.startsAt'],
      ['an end the clocks skip', { startsAt: '2024-03-31T01:00', endsAt: '2024-03-31T02:59', tripId: null }, 'input.endsAt'],
      ['an unknown trip', { tripId: UNKNOWN_ID }, 'input.tripId'],
      ['a malformed organisation id', { organisationIds: ['abc'] }, 'input.organisationIds'],
      ['an unknown organisation', { organisationIds: [UNKNOWN_ID] }, 'input.organisationIds.0'],
      ['a malformed participant', { participants: [{ personId: 'abc', side: 'HOST' }] }, 'input.participants.0.personId'],
      ['an unknown participant', { participants: [{ personId: UNKNOWN_ID, side: 'HOST' }] }, 'input.participants.0.personId'],
    ])('%s', async (_label, change, field) => {
      const before = await countRows();
      const res = await t.gql(CREATE, { input: { ...valid(), ...change } }, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.status).toBeLessThan(500);
      expect(await countRows()).toEqual(before);
    });

    it('a status in the input: a new meeting is always PLANNED', async () => {
      const before = await countRows();
      const res = await t.gql(CREATE, { input: { ...valid(), status: 'HELD' } }, staff);
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toContain('status');
      expect(await countRows()).toEqual(before);
    });

    it('a repeated participant in an update, leaving the meeting unchanged', async () => {
      const person = await insertPerson(t.dataSource);
      const meeting = await create({ ...valid(), participants: [{ personId: person, side: 'HOST' }] });
      const res = await t.gql(
        UPDATE,
        {
          id: meeting.id,
          v: 1,
          input: { title: 'Anders', participants: [{ personId: person, side: 'HOST' }, { personId: person, side: 'INTERNAL' }] },
        },
        staff,
      );
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.participants.1.personId' });
      const after = await t.gql(`query ($id: ID!) { meeting(id: $id) { title version participants { side } } }`, { id: meeting.id }, staff);
      expect(after.data.meeting).toEqual({ title: 'Besuch bei Brembo', version: 1, participants: [{ side: 'HOST' }] });
    });
  });

  it('filters by organisation, participant, status and a time window, and pages', async () => {
    const org = await createOrganisation('Filter Org');
    const person = await insertPerson(t.dataSource);
    const trip = (
      await t.gql(CREATE_TRIP, { input: { name: 'Filter', kind: 'CONFERENCE', startDate: '2024-05-13', endDate: '2024-05-16' } }, staff)
    ).data.createTrip.id;
    await create({ ...valid(), tripId: trip, title: 'Morgens', startsAt: '2024-05-13T09:00', organisationIds: [org] });
    await create({ ...valid(), tripId: trip, title: 'Mittags', startsAt: '2024-05-13T12:00', participants: [{ personId: person, side: 'INTERNAL' }] });
    await create({ ...valid(), tripId: trip, title: 'Abends', kind: 'EVENT', startsAt: '2024-05-13T19:00' });
    const titles = async (filter: string) =>
      (await t.gql(`{ meetings(filter: { tripId: "${trip}", ${filter} }) { edges { node { title } } } }`, {}, staff)).data.meetings.edges.map(
        (e: any) => e.node.title,
      );
    expect(await titles('')).toEqual(['Morgens', 'Mittags', 'Abends']);
    expect(await titles(`organisationId: "${org}"`)).toEqual(['Morgens']);
    expect(await titles(`personId: "${person}"`)).toEqual(['Mittags']);
    expect(await titles('kind: EVENT, status: PLANNED')).toEqual(['Abends']);
    // Rome is UTC+2 in May: 09:00, 12:00 and 19:00 local are 07:00Z, 10:00Z and 17:00Z; `to` is exclusive.
    expect(await titles('from: "2024-05-13T09:00:00Z", to: "2024-05-13T17:00:00Z"')).toEqual(['Mittags']);
    const bad = await t.gql(`{ meetings(filter: { from: "yesterday" }) { totalCount } }`, {}, staff);
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');

    const query = `query ($after: String) { meetings(first: 2, after: $after, filter: { tripId: "${trip}" }, orderBy: { field: STARTS_AT, direction: DESC }) {
      totalCount edges { node { title } } pageInfo { hasNextPage endCursor } } }`;
    const first = (await t.gql(query, {}, staff)).data.meetings;
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((e: any) => e.node.title)).toEqual(['Abends', 'Mittags']);
    const second = (await t.gql(query, { after: first.pageInfo.endCursor }, staff)).data.meetings;
    expect(second.edges.map((e: any) => e.node.title)).toEqual(['Morgens']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('reads meetings and programmes with the same number of SQL statements for 5 and for 50', async () => {
    const org = await createOrganisation('Loader Org');
    const trips: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      const trip = (
        await t.gql(CREATE_TRIP, { input: { name: `Loader ${i}`, kind: 'TRADE_FAIR', startDate: '2024-09-01', endDate: '2024-09-03' } }, staff)
      ).data.createTrip.id;
      trips.push(trip);
      const person = await insertPerson(t.dataSource, 'Lade', `Teilnehmer ${i}`);
      const meeting = await create({
        title: `Loader meeting ${String(i).padStart(2, '0')}`,
        kind: 'B2B',
        startsAt: `2024-09-02T${String(8 + (i % 10)).padStart(2, '0')}:00`,
        timeZone: 'Europe/Berlin',
        tripId: trip,
        organisationIds: [org],
        participants: [{ personId: person, side: 'DELEGATION' }],
      });
      await t.gql(OUTCOME, { id: meeting.id, v: 1, input: { outcomeSummary: 'ok' } }, staff);
    }
    const meetingsQuery = (n: number) => `{ meetings(first: ${n}, filter: { kind: B2B, from: "2024-09-01T00:00:00Z" }) {
      edges { node { title trip { name } organisations { name } participants { side person { familyName } } loggedByUser { email } } } } }`;
    const tripsQuery = (n: number) => `{ trips(first: ${n}, filter: { kind: TRADE_FAIR }) {
      edges { node { name programme { title organisations { name } participants { person { familyName } } } } } } }`;
    const count = async (query: string, n: number) => {
      const { result, statements } = await t.queries.count(() => t.gql(query, {}, staff));
      expect(result.errors).toBeUndefined();
      const edges = Object.values(result.data as Record<string, { edges: unknown[] }>)[0].edges;
      expect(edges).toHaveLength(n);
      return statements.filter((s) => !/^(START TRANSACTION|COMMIT)/.test(s)).length;
    };
    const meetingsFive = await count(meetingsQuery(5), 5);
    expect(await count(meetingsQuery(50), 50)).toBe(meetingsFive);
    // token user, page, trips, organisation links, organisations, participants, people, users
    expect(meetingsFive).toBeLessThanOrEqual(8);
    const tripsFive = await count(tripsQuery(5), 5);
    expect(await count(tripsQuery(50), 50)).toBe(tripsFive);
    // token user, page, programmes, organisation links, organisations, participants, people
    expect(tripsFive).toBeLessThanOrEqual(7);
  });
});
