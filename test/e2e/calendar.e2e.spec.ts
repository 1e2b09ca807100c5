import ICAL from 'ical.js';
import { DEMO_IDS, DEMO_PASSWORD, DEMO_TRIP_ID, DEMO_USERS, seedDemo } from '../../src/seed/demo-data';
import { createTestApp, TestApp } from '../utils/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const CREATE_FEED = `mutation ($name: String!) { createCalendarFeed(input: { name: $name }) { url feed { id name createdAt revokedAt } } }`;
const MEETING = `query ($id: ID!) { meeting(id: $id) { id version } }`;

/** The events of an .ics file as ical.js (an independent parser) reads them. */
function calendarOf(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
  return { calendar, events, byUid: new Map(events.map((event) => [event.uid, event])) };
}

const meetingUid = (id: string) => `meeting-${id}@liaison`;

describe('iCalendar exports and calendar feeds', () => {
  let t: TestApp;
  let anna: string;

  const get = (path: string, auth: string | null = anna) =>
    fetch(`${t.url}${path}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });
  const ics = async (path: string, auth: string | null = anna) => {
    const res = await get(path, auth);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
    return { text, ...calendarOf(text) };
  };
  /** A feed URL as the API hands it out, fetched as a calendar app would: no header at all. */
  const fetchFeed = (url: string) => fetch(url);

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.transaction((db) => seedDemo(db));
    anna = await t.login(DEMO_USERS.staff.email, DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  describe('a meeting and a trip programme as files', () => {
    it('exports a meeting that ical.js reads back field by field: 10:00 in Rome is 10:00 Europe/Rome', async () => {
      const id = DEMO_IDS.meeting('brembo');
      const { calendar, events, text } = await ics(`/exports/meetings/${id}/ical`);
      expect(events).toHaveLength(1);
      const [event] = events;
      const { version } = (await t.gql(MEETING, { id }, anna)).data.meeting;
      expect(event.uid).toBe(meetingUid(id));
      expect(event.sequence).toBe(version - 1);
      expect(event.summary).toBe('Unternehmensbesuch Brembo');
      expect(event.location).toBe('Stezzano (BG)');
      expect(calendar.getAllSubcomponents('vtimezone').map((zone) => zone.getFirstPropertyValue('tzid'))).toEqual(['Europe/Rome']);
      expect(text).toContain('\r\nDTSTART;TZID=Europe/Rome:20240514T100000\r\n');
      expect([event.startDate.zone.tzid, event.startDate.hour, event.startDate.minute, event.endDate.hour]).toEqual(['Europe/Rome', 10, 0, 12]);
      expect(event.startDate.toJSDate().toISOString()).toBe('2024-05-14T08:00:00.000Z');
      // Anna takes part for WFS (our side): she organises; Giulia Rossi hosts; both have an email.
      expect(event.organizer).toBe('mailto:anna.schmidt@wfs.example');
      expect(event.attendees.map((a) => [a.getParameter('cn'), String(a.getFirstValue()).toLowerCase()])).toEqual([
        ['Giulia Rossi', 'mailto:giulia.rossi@brembo.example'],
        ['Anna Schmidt', 'mailto:anna.schmidt@wfs.example'],
      ]);
      expect(event.description).toContain('Organisations: Brembo, Netzwerk Automobilzulieferer Sachsen (AMZ)');
      expect(event.description).toContain('Also taking part: Martin Dulig, Silvia Queck-Hänel, Dirk Vogel');
      expect(event.description).toContain('Outcome: Werksführung; Interesse an sächsischen Zulieferern');
      expect(event.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    });

    it('keeps the UID and raises the SEQUENCE on every update; a cancelled meeting says STATUS:CANCELLED', async () => {
      const created = await t.gql(
        `mutation { createMeeting(input: { title: "Vorgespräch, Dresden", kind: CALL, startsAt: "2024-05-13T08:00", endsAt: "2024-05-13T08:45",
            timeZone: "Europe/Berlin", tripId: "${DEMO_TRIP_ID}", location: "Wilsdruffer Str. 1; Dresden" }) { id version } }`,
        {},
        anna,
      );
      const { id, version } = created.data.createMeeting;
      const first = (await ics(`/exports/meetings/${id}/ical`)).events[0];
      expect([first.uid, first.sequence]).toEqual([meetingUid(id), 0]);
      expect([first.startDate.zone.tzid, first.startDate.hour, first.startDate.toJSDate().toISOString()]).toEqual([
        'Europe/Berlin',
        8,
        '2024-05-13T06:00:00.000Z',
      ]);
      expect([first.summary, first.location]).toEqual(['Vorgespräch, Dresden', 'Wilsdruffer Str. 1; Dresden']);

      const update = await t.gql(
        `mutation ($id: ID!, $v: Int!) { updateMeeting(id: $id, expectedVersion: $v, input: { startsAt: "2024-05-13T09:00", endsAt: "2024-05-13T09:45" }) { version } }`,
        { id, v: version },
        anna,
      );
      expect(update.data.updateMeeting.version).toBe(version + 1);
      const moved = (await ics(`/exports/meetings/${id}/ical`)).events[0];
      expect(moved.uid).toBe(first.uid);
      expect(moved.sequence).toBeGreaterThan(first.sequence);
      expect(moved.startDate.hour).toBe(9);

      const cancel = await t.gql(`mutation ($id: ID!, $v: Int!) { cancelMeeting(id: $id, expectedVersion: $v, reason: "Zug ausgefallen") { version } }`, { id, v: version + 1 }, anna);
      expect(cancel.data.cancelMeeting.version).toBe(version + 2);
      const cancelled = (await ics(`/exports/meetings/${id}/ical`)).events[0];
      expect(cancelled.uid).toBe(first.uid);
      expect(cancelled.sequence).toBeGreaterThan(moved.sequence);
      expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(cancelled.description).toContain('Cancelled: Zug ausgefallen');
    });

    it("exports a trip's programme with a VTIMEZONE for each zone it uses, cancelled meetings marked", async () => {
      const { calendar, events, byUid } = await ics(`/exports/trips/${DEMO_TRIP_ID}/ical`);
      const programme = (await t.gql(`query ($id: ID!) { trip(id: $id) { name programme { id title status } } }`, { id: DEMO_TRIP_ID }, anna)).data.trip;
      expect(events.map((event) => event.uid)).toEqual(programme.programme.map((m: any) => meetingUid(m.id)));
      expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Delegationsreise Norditalien 2024');
      // The demo programme is in Rome's zone; the call created above is in Berlin's.
      expect(new Set(calendar.getAllSubcomponents('vtimezone').map((zone) => zone.getFirstPropertyValue('tzid')))).toEqual(
        new Set(['Europe/Rome', 'Europe/Berlin']),
      );
      expect(calendar.getAllSubcomponents('vtimezone')).toHaveLength(2);
      const dinner = byUid.get(meetingUid(DEMO_IDS.meeting('dinner')))!;
      expect(dinner.component.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(byUid.get(meetingUid(DEMO_IDS.meeting('lamborghini')))!.startDate.toString()).toBe('2024-05-15T10:00:00');
    });

    it('reads a programme with one statement per relation, not one per meeting', async () => {
      const { result, statements } = await t.queries.count(() => get(`/exports/trips/${DEMO_TRIP_ID}/ical`));
      expect(result.status).toBe(200);
      expect(calendarOf(await result.text()).events.length).toBeGreaterThanOrEqual(9);
      const on = (table: string) => statements.filter((sql) => new RegExp(`FROM ${table}\\b`).test(sql)).length;
      expect([on('meeting_participants'), on('meeting_organisations'), on('people'), on('organisations')]).toEqual([1, 1, 1, 1]);
      // Authentication, the trip, its programme and the four above (the audit of confidential reads writes only when there are some).
      expect(statements.length).toBeLessThanOrEqual(8);
    });

    it('answers 404 for an unknown meeting or trip, 400 for a malformed id, 401 without a token; lets a VIEWER download', async () => {
      const unknown = await get(`/exports/meetings/${UNKNOWN_ID}/ical`);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      expect((await get(`/exports/trips/${UNKNOWN_ID}/ical`)).status).toBe(404);
      const malformed = await get('/exports/meetings/brembo/ical');
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect((await get(`/exports/trips/${DEMO_TRIP_ID}/ical`, null)).status).toBe(401);
      const viewer = await t.login(DEMO_USERS.ministry.email, DEMO_PASSWORD);
      expect((await get(`/exports/trips/${DEMO_TRIP_ID}/ical`, viewer)).status).toBe(200);
    });
  });

  describe('a personal calendar feed', () => {
    it("serves the user's meetings and their open tasks' due dates at a secret URL, with refresh hints", async () => {
      const created = await t.gql(CREATE_FEED, { name: 'iPhone' }, anna);
      const { url, feed } = created.data.createCalendarFeed;
      expect(url).toMatch(new RegExp(`^${t.url}/calendar/lcf_[0-9a-f]{64}\\.ics$`));
      expect(feed).toMatchObject({ name: 'iPhone', revokedAt: null });

      const res = await fetchFeed(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const { calendar, events, byUid } = calendarOf(await res.text());
      expect(calendar.getFirstPropertyValue('x-published-ttl')).toBe('PT1H');
      expect(calendar.getFirstPropertyValue('refresh-interval')!.toString()).toBe('PT1H');

      // Anna takes part in every demo meeting that was not cancelled (for WFS); the Berlin call above has no participants.
      const meetings = events.filter((event) => event.uid.startsWith('meeting-'));
      for (const key of ['lombardia', 'brembo', 'siemens', 'milano', 'lamborghini', 'b2b-modena', 'emilia-romagna']) {
        expect(byUid.has(meetingUid(DEMO_IDS.meeting(key)))).toBe(true);
      }
      expect(byUid.has(meetingUid(DEMO_IDS.meeting('dinner')))).toBe(false);
      expect(meetings.every((event) => event.startDate.zone.tzid === 'Europe/Rome')).toBe(true);

      // Her open tasks, as whole days on their due dates; done ones and others' are not hers to see here.
      const tasks = await t.gql(`{ myTasks(first: 50) { edges { node { id title dueDate status } } } }`, {}, anna);
      const open = tasks.data.myTasks.edges.map((e: any) => e.node).filter((task: any) => task.status === 'OPEN');
      expect(open.length).toBe(2);
      const dueEvents = events.filter((event) => event.uid.startsWith('task-'));
      expect(dueEvents.map((event) => [event.summary, event.startDate.toString(), event.startDate.isDate]).sort()).toEqual(
        open.map((task: any) => [`Due: ${task.title}`, task.dueDate, true]).sort(),
      );
    });

    it('lists the caller\'s feeds without URLs, and a revoked or unknown token gets the same 404', async () => {
      const { url, feed } = (await t.gql(CREATE_FEED, { name: 'Outlook' }, anna)).data.createCalendarFeed;
      const listed = await t.gql(`{ calendarFeeds { id name revokedAt } }`, {}, anna);
      expect(listed.data.calendarFeeds.map((f: any) => f.name)).toEqual(['Outlook', 'iPhone']);
      expect(JSON.stringify(listed.body)).not.toContain('lcf_');
      expect((await fetchFeed(url)).status).toBe(200);

      const revoked = await t.gql(`mutation ($id: ID!) { revokeCalendarFeed(id: $id) { id revokedAt } }`, { id: feed.id }, anna);
      expect(revoked.data.revokeCalendarFeed.revokedAt).toEqual(expect.any(String));
      const afterRevoke = await fetchFeed(url);
      const unknown = await fetchFeed(`${t.url}/calendar/lcf_${'0'.repeat(64)}.ics`);
      const malformed = await fetchFeed(`${t.url}/calendar/whatever.ics`);
      const bodies = [];
      for (const res of [afterRevoke, unknown, malformed]) {
        expect(res.status).toBe(404);
        bodies.push(await res.text());
      }
      expect(new Set(bodies).size).toBe(1);
      expect(JSON.parse(bodies[0])).toEqual({ code: 'NOT_FOUND', message: 'No such calendar feed' });
      expect((await t.gql(`{ calendarFeeds { name } }`, {}, anna)).data.calendarFeeds.map((f: any) => f.name)).toEqual(['iPhone']);
      expect((await t.gql(`{ calendarFeeds(includeRevoked: true) { name } }`, {}, anna)).data.calendarFeeds).toHaveLength(2);
    });

    it("stores only the token's hash, records the feed in the user's audit trail, and stops serving a disabled user", async () => {
      const wagner = await t.login(DEMO_USERS.lead.email, DEMO_PASSWORD);
      const { url, feed } = (await t.gql(CREATE_FEED, { name: 'Google' }, wagner)).data.createCalendarFeed;
      const token = /lcf_[0-9a-f]{64}/.exec(url)![0];
      const stored = await t.dataSource.query(`SELECT * FROM calendar_feeds WHERE id = $1`, [feed.id]);
      expect(JSON.stringify(stored)).not.toContain(token);
      const audit = await t.dataSource.query(`SELECT changes::text AS changes FROM audit_log WHERE record_type = 'calendar_feeds'`);
      expect(audit.length).toBeGreaterThan(0);
      expect(audit.map((row: any) => row.changes).join('')).not.toContain(stored[0].token_hash);

      expect((await fetchFeed(url)).status).toBe(200);
      const [{ id: wagnerId }] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [DEMO_USERS.lead.email]);
      await t.asAdmin(`mutation ($id: ID!) { disableUser(userId: $id) { id } }`, { id: wagnerId });
      expect((await fetchFeed(url)).status).toBe(404);
      await t.asAdmin(`mutation ($id: ID!) { enableUser(userId: $id) { id } }`, { id: wagnerId });
      expect((await fetchFeed(url)).status).toBe(200);
    });

    it('is for users only: VIEWERs may not create one (no mutation), API keys may not at all, nor revoke another user\'s', async () => {
      const viewer = await t.login(DEMO_USERS.ministry.email, DEMO_PASSWORD);
      expect((await t.gql(CREATE_FEED, { name: 'x' }, viewer)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      const key = await t.asAdmin(`mutation { createApiKey(input: { name: "Sync", role: READ_WRITE }) { secret } }`);
      const secret = key.data.createApiKey.secret;
      expect((await t.gql(CREATE_FEED, { name: 'x' }, secret)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await t.gql(`{ calendarFeeds { id } }`, {}, secret)).errors?.[0].extensions.code).toBe('FORBIDDEN');

      const annas = (await t.gql(`{ calendarFeeds { id } }`, {}, anna)).data.calendarFeeds;
      const wagner = await t.login(DEMO_USERS.lead.email, DEMO_PASSWORD);
      const foreign = await t.gql(`mutation ($id: ID!) { revokeCalendarFeed(id: $id) { id } }`, { id: annas[0].id }, wagner);
      expect(foreign.errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect((await t.gql(`{ calendarFeeds { id } }`, {}, anna)).data.calendarFeeds).toEqual(annas);
      // An admin may revoke anyone's feed (a lost phone), and the URL stops at once.
      const lost = (await t.gql(CREATE_FEED, { name: 'Verlorenes Handy' }, wagner)).data.createCalendarFeed;
      const byAdmin = await t.asAdmin(`mutation ($id: ID!) { revokeCalendarFeed(id: $id) { id revokedAt } }`, { id: lost.feed.id });
      expect(byAdmin.data.revokeCalendarFeed).toMatchObject({ id: lost.feed.id, revokedAt: expect.any(String) });
      expect((await fetchFeed(lost.url)).status).toBe(404);
      const bad = await t.gql(CREATE_FEED, { name: ' ' }, anna);
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    });
  });

  describe('confidential meetings', () => {
    let hiddenId: string;
    let insider: string;
    let outsider: string;
    const HIDDEN_TITLE = 'Vertraulich: Batteriezellen-Standort Chemnitz';

    beforeAll(async () => {
      insider = await t.userToken('STAFF', 'insider@wfs.test');
      outsider = await t.userToken('STAFF', 'outsider@wfs.test');
      const ids = await t.dataSource.query(`SELECT id, email FROM users WHERE email IN ('insider@wfs.test', 'outsider@wfs.test')`);
      const idOf = (email: string) => ids.find((row: any) => row.email === email).id;
      const team = await t.asAdmin(`mutation { createTeam(input: { name: "Ansiedlung" }) { id } }`);
      const other = await t.asAdmin(`mutation { createTeam(input: { name: "Außenwirtschaft" }) { id } }`);
      await t.asAdmin(`mutation ($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }`, { t: team.data.createTeam.id, u: idOf('insider@wfs.test') });
      await t.asAdmin(`mutation ($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }`, { t: other.data.createTeam.id, u: idOf('outsider@wfs.test') });
      // The outsider is even listed as a participant (by email): the policy, not participation, decides.
      const person = await t.gql(`mutation { createPerson(input: { givenName: "Otto", familyName: "Außen", emails: [{ address: "outsider@wfs.test" }] }) { id } }`, {}, insider);
      const hidden = await t.gql(
        `mutation ($trip: ID!, $p: ID!) { createMeeting(input: { title: "${HIDDEN_TITLE}", kind: TALK, startsAt: "2024-05-16T14:00", timeZone: "Europe/Rome",
            tripId: $trip, confidentiality: CONFIDENTIAL, participants: [{ personId: $p, side: INTERNAL }] }) { id confidentiality } }`,
        { trip: DEMO_TRIP_ID, p: person.data.createPerson.id },
        insider,
      );
      expect(hidden.data.createMeeting.confidentiality).toBe('CONFIDENTIAL');
      hiddenId = hidden.data.createMeeting.id;
    });

    it('leaves a hidden meeting out of the programme and answers 404 for it by id, like an unknown id', async () => {
      const { text, byUid } = await ics(`/exports/trips/${DEMO_TRIP_ID}/ical`, outsider);
      expect(byUid.has(meetingUid(hiddenId))).toBe(false);
      expect(text).not.toContain(hiddenId);
      expect(text).not.toContain('Batteriezellen');
      const byId = await get(`/exports/meetings/${hiddenId}/ical`, outsider);
      const unknown = await get(`/exports/meetings/${UNKNOWN_ID}/ical`, outsider);
      expect([byId.status, unknown.status]).toEqual([404, 404]);
      const [hiddenBody, unknownBody] = [(await byId.json()) as any, (await unknown.json()) as any];
      expect({ ...hiddenBody, message: hiddenBody.message.replace(hiddenId, '<id>') }).toEqual({
        ...unknownBody,
        message: unknownBody.message.replace(UNKNOWN_ID, '<id>'),
      });
    });

    it("leaves it out of the outsider's feed; the insider's programme has it marked CLASS:CONFIDENTIAL, logged as a read", async () => {
      const outsiderFeed = (await t.gql(CREATE_FEED, { name: 'Handy' }, outsider)).data.createCalendarFeed.url;
      const outsiderText = await (await fetchFeed(outsiderFeed)).text();
      expect(outsiderText).not.toContain(hiddenId);
      expect(outsiderText).not.toContain('Batteriezellen');
      expect(calendarOf(outsiderText).events).toEqual([]);

      const insiderFeed = (await t.gql(CREATE_FEED, { name: 'Handy' }, insider)).data.createCalendarFeed.url;
      const { byUid } = calendarOf(await (await fetchFeed(insiderFeed)).text());
      // The insider logged nothing and takes part in nothing: created meetings are not "theirs" by that alone.
      expect(byUid.has(meetingUid(hiddenId))).toBe(false);

      const { byUid: programme } = await ics(`/exports/trips/${DEMO_TRIP_ID}/ical`, insider);
      const hidden = programme.get(meetingUid(hiddenId))!;
      expect(hidden.summary).toBe(HIDDEN_TITLE);
      expect(hidden.component.getFirstPropertyValue('class')).toBe('CONFIDENTIAL');
      const reads = await t.dataSource.query(
        `SELECT actor FROM audit_log WHERE action = 'READ' AND record_type = 'meetings' AND record_id = $1`,
        [hiddenId],
      );
      expect(reads.map((row: any) => row.actor)).toContain('insider@wfs.test');
      expect(reads.map((row: any) => row.actor)).not.toContain('outsider@wfs.test');
    });

    it("serves a confidential meeting in the feed of a team member who takes part in it, and drops it once they leave the team", async () => {
      const member = await t.userToken('STAFF', 'member@wfs.test');
      const [{ id: memberId }] = await t.dataSource.query(`SELECT id FROM users WHERE email = 'member@wfs.test'`);
      const [{ id: teamId }] = await t.dataSource.query(`SELECT id FROM teams WHERE name = 'Ansiedlung'`);
      await t.asAdmin(`mutation ($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }`, { t: teamId, u: memberId });
      const person = await t.gql(`mutation { createPerson(input: { givenName: "Mia", familyName: "Mitglied", emails: [{ address: "member@wfs.test" }] }) { id } }`, {}, member);
      const { version } = (await t.gql(MEETING, { id: hiddenId }, member)).data.meeting;
      const participants = `[{ personId: "${person.data.createPerson.id}", side: INTERNAL }]`;
      await t.gql(`mutation ($id: ID!, $v: Int!) { updateMeeting(id: $id, expectedVersion: $v, input: { participants: ${participants} }) { id } }`, { id: hiddenId, v: version }, member);

      const url = (await t.gql(CREATE_FEED, { name: 'Handy' }, member)).data.createCalendarFeed.url;
      const inTeam = calendarOf(await (await fetchFeed(url)).text());
      const event = inTeam.byUid.get(meetingUid(hiddenId))!;
      expect(event.summary).toBe(HIDDEN_TITLE);
      expect(event.organizer).toBe('mailto:member@wfs.test');
      expect(event.component.getFirstPropertyValue('class')).toBe('CONFIDENTIAL');

      await t.asAdmin(`mutation ($t: ID!, $u: ID!) { removeTeamMember(teamId: $t, userId: $u) { id } }`, { t: teamId, u: memberId });
      const text = await (await fetchFeed(url)).text();
      expect(text).not.toContain(hiddenId);
      expect(text).not.toContain('Batteriezellen');
    });
  });
});
