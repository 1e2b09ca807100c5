import { createTestApp, TestApp } from '../utils/test-app';

const LOG = `mutation ($input: LogMeetingInput!) {
  logMeeting(input: $input) {
    clientMutationId replayed
    meeting { id status version outcomeSummary actualResult loggedAt startsAtLocal timeZone tripId
      participants { side person { id familyName } }
      organisations { name }
      commitments { title dueDate isCommitment promisedBy { familyName } assignee { email } lead { title } }
      leads { title stage originMeetingId originTripId contacts { familyName } organisations { side organisation { name } } }
    }
  }
}`;

const COUNTED = ['people', 'affiliations', 'meetings', 'meeting_participants', 'tasks', 'leads', 'lead_stage_changes', 'mutation_receipts'];

describe('logMeeting: one mutation right after the meeting', () => {
  let t: TestApp;
  let staff: string;
  let ids: { trip: string; brembo: string; amz: string; vogel: string; planned: string };

  const counts = async () => {
    const row: Record<string, number> = {};
    for (const table of COUNTED) row[table] = Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
    return row;
  };
  const plannedMeeting = async () => {
    const res = await t.gql(
      `mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { id version } }`,
      {
        input: {
          title: 'Unternehmensbesuch Brembo', kind: 'VISIT', startsAt: '2024-05-14T10:00', endsAt: '2024-05-14T12:00',
          timeZone: 'Europe/Rome', tripId: ids.trip, organisationIds: [ids.brembo],
          participants: [{ personId: ids.vogel, side: 'DELEGATION' }],
        },
      },
      staff,
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createMeeting as { id: string; version: number };
  };
  const fullInput = (meeting: { id: string; version: number }, extra: Record<string, unknown> = {}) => ({
    meetingId: meeting.id,
    expectedVersion: meeting.version,
    organisationIds: [ids.amz],
    outcome: { outcomeSummary: 'Werksführung, Interesse an Zulieferern', actualResult: 'Lieferantenanfrage in Aussicht' },
    newContacts: [
      {
        ref: 'rossi', givenName: 'Giulia', familyName: 'Rossi', title: 'Ing.', side: 'HOST',
        emails: [{ address: 'Giulia.Rossi@brembo.example' }], phones: [{ number: '035 1234567', defaultCountry: 'IT' }],
        affiliations: [{ organisationId: ids.brembo, jobTitle: 'Purchasing Manager', isPrimary: true }],
      },
    ],
    newLeads: [
      {
        ref: 'l1', title: 'Bremsscheiben-Komponenten für Brembo', kind: 'SUPPLY', topics: ['reshoring of automotive value chains'],
        organisations: [{ organisationId: ids.brembo, side: 'PARTNER' }, { organisationId: ids.amz, side: 'SAXON' }],
        contactRefs: ['rossi'], contactIds: [ids.vogel], estimatedValue: 2500000,
      },
    ],
    commitments: [
      { title: 'Liste sächsischer Zulieferer senden', dueDate: '2024-06-15', promisedById: ids.vogel, leadRef: 'l1' },
      { title: 'Technische Anforderungen schicken', dueDate: '2024-06-01', promisedByRef: 'rossi' },
    ],
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.userToken('STAFF', 'logger@wfs.test');
    const create = async (document: string, variables: Record<string, unknown>) => {
      const res = await t.gql(document, variables, staff);
      if (!res.data) throw new Error(JSON.stringify(res.errors));
      return (Object.values(res.data)[0] as { id: string }).id;
    };
    const org = (name: string, kind: string) =>
      create(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, { input: { name, kind } });
    const brembo = await org('Brembo', 'COMPANY');
    const amz = await org('Netzwerk Automobilzulieferer Sachsen (AMZ)', 'NETWORK');
    const vogel = await create(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
      input: { givenName: 'Dirk', familyName: 'Vogel' },
    });
    const trip = await create(`mutation ($input: CreateTripInput!) { createTrip(input: $input) { id } }`, {
      input: { name: 'Delegationsreise Norditalien', kind: 'DELEGATION', startDate: '2024-05-13', endDate: '2024-05-16' },
    });
    ids = { trip, brembo, amz, vogel, planned: '' };
  });
  afterAll(() => t.close());

  it('logs a planned programme meeting with new contacts, commitments and leads in one go', async () => {
    const planned = await plannedMeeting();
    const res = await t.gql(LOG, { input: fullInput(planned) }, staff);
    expect(res.errors).toBeUndefined();
    const { meeting, replayed } = res.data.logMeeting;
    expect(replayed).toBe(false);
    expect(meeting).toMatchObject({ id: planned.id, status: 'HELD', startsAtLocal: '2024-05-14T10:00:00', timeZone: 'Europe/Rome', tripId: ids.trip });
    expect(meeting.loggedAt).toEqual(expect.any(String));
    expect(meeting.participants.map((p: any) => [p.side, p.person.familyName])).toEqual([
      ['DELEGATION', 'Vogel'],
      ['HOST', 'Rossi'],
    ]);
    expect(meeting.organisations.map((o: any) => o.name).sort()).toEqual(['Brembo', 'Netzwerk Automobilzulieferer Sachsen (AMZ)']);
    expect(meeting.leads).toEqual([
      expect.objectContaining({ title: 'Bremsscheiben-Komponenten für Brembo', stage: 'NEW', originMeetingId: planned.id, originTripId: ids.trip }),
    ]);
    expect(meeting.leads[0].contacts.map((c: any) => c.familyName).sort()).toEqual(['Rossi', 'Vogel']);
    const commitments = [...meeting.commitments].sort((a: any, b: any) => a.title.localeCompare(b.title));
    expect(commitments).toEqual([
      expect.objectContaining({ title: 'Liste sächsischer Zulieferer senden', isCommitment: true, promisedBy: { familyName: 'Vogel' }, assignee: { email: 'logger@wfs.test' }, lead: { title: 'Bremsscheiben-Komponenten für Brembo' } }),
      expect.objectContaining({ title: 'Technische Anforderungen schicken', promisedBy: { familyName: 'Rossi' }, lead: null }),
    ]);
    const rossi = await t.dataSource.query(
      `SELECT p.emails, p.phones, a.job_title FROM people p JOIN affiliations a ON a.person_id = p.id WHERE p.family_name = 'Rossi'`,
    );
    expect(rossi).toEqual([
      { emails: [expect.objectContaining({ address: 'giulia.rossi@brembo.example', primary: true })], phones: [expect.objectContaining({ number: '+390351234567' })], job_title: 'Purchasing Manager' },
    ]);
  });

  it('logs an unplanned meeting', async () => {
    const res = await t.gql(
      LOG,
      {
        input: {
          meeting: { title: 'Zufallsgespräch am Flughafen', kind: 'TALK', startsAt: '2024-05-16T18:00', timeZone: 'Europe/Rome' },
          participants: [{ personId: ids.vogel, side: 'DELEGATION' }],
          outcome: { outcomeSummary: 'Visitenkarten getauscht' },
        },
      },
      staff,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.logMeeting.meeting).toMatchObject({ status: 'HELD', outcomeSummary: 'Visitenkarten getauscht', version: 2 });
  });

  it.each([
    ['an invalid new contact email', { newContacts: [{ ref: 'x', givenName: 'A', familyName: 'B', emails: [{ address: 'nope' }] }] }, 'input.newContacts.0.emails.0.address'],
    ['a lead with an unknown organisation', { newLeads: [{ title: 'X', kind: 'EXPORT', organisations: [{ organisationId: '00000000-0000-4000-8000-000000000000', side: 'PARTNER' }] }] }, 'input.newLeads.0.organisations.0.organisationId'],
    ['a commitment promised by an unknown ref', { commitments: [{ title: 'X', promisedByRef: 'ghost' }] }, 'input.commitments.0.promisedByRef'],
    ['a commitment with an impossible date', { commitments: [{ title: 'X', dueDate: '2024-02-30' }] }, 'input.commitments.0.dueDate'],
    ['an unknown participant', { participants: [{ personId: '00000000-0000-4000-8000-000000000000', side: 'HOST' }] }, 'input.participants.0.personId'],
  ])('rejects %s naming the field, and writes nothing at all', async (_label, change, field) => {
    const planned = await plannedMeeting();
    const before = await counts();
    const input = { ...fullInput(planned), ...change };
    const res = await t.gql(LOG, { input }, staff);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await counts()).toEqual(before);
    const after = await t.gql(`query ($id: ID!) { meeting(id: $id) { status version } }`, { id: planned.id }, staff);
    expect(after.data.meeting).toEqual({ status: 'PLANNED', version: planned.version });
  });

  it('does not log twice when the same clientMutationId is sent again', async () => {
    const planned = await plannedMeeting();
    const input = fullInput(planned, { clientMutationId: 'phone-7f3a' });
    const first = await t.gql(LOG, { input }, staff);
    expect(first.data.logMeeting.replayed).toBe(false);
    const afterFirst = await counts();
    const retry = await t.gql(LOG, { input }, staff);
    expect(retry.errors).toBeUndefined();
    expect(retry.data.logMeeting).toMatchObject({ clientMutationId: 'phone-7f3a', replayed: true, meeting: { id: planned.id, status: 'HELD' } });
    expect(await counts()).toEqual(afterFirst);
  });

  it('refuses a clientMutationId sent again with different input with BAD_USER_INPUT on it, writing nothing', async () => {
    const planned = await plannedMeeting();
    const input = fullInput(planned, { clientMutationId: 'phone-reused' });
    expect((await t.gql(LOG, { input }, staff)).data.logMeeting.replayed).toBe(false);
    const afterFirst = await counts();
    const changed = { ...input, outcome: { outcomeSummary: 'Zweiter Termin: Angebot besprochen' } };
    const reused = await t.gql(LOG, { input: changed }, staff);
    expect(reused.data).toBeNull();
    expect(reused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.clientMutationId' });
    expect(reused.errors?.[0].message).toBe(
      'clientMutationId phone-reused was already used with different input: a retry must send the same input, new content a new clientMutationId',
    );
    expect(await counts()).toEqual(afterFirst);
    const meeting = await t.gql(`query ($id: ID!) { meeting(id: $id) { outcomeSummary } }`, { id: planned.id }, staff);
    expect(meeting.data.meeting.outcomeSummary).toBe('Werksführung, Interesse an Zulieferern');
    // The first input, its keys in another order, is still a retry.
    const reordered = Object.fromEntries(Object.entries(input).reverse());
    expect((await t.gql(LOG, { input: reordered }, staff)).data.logMeeting).toMatchObject({ replayed: true, meeting: { id: planned.id } });
  });

  it('writes once when two identical retries arrive at the same time', async () => {
    const planned = await plannedMeeting();
    const before = await counts();
    const input = fullInput(planned, { clientMutationId: 'phone-concurrent' });
    // A card no earlier test logged: a known email or phone would make the contact that known person (issue 14).
    input.newContacts[0] = { ...input.newContacts[0], emails: [{ address: 'g.rossi.concurrent@brembo.example' }], phones: [] };
    const [a, b] = await Promise.all([t.gql(LOG, { input }, staff), t.gql(LOG, { input }, staff)]);
    expect([a.errors, b.errors]).toEqual([undefined, undefined]);
    expect([a.data.logMeeting.replayed, b.data.logMeeting.replayed].sort()).toEqual([false, true]);
    const after = await counts();
    expect(after.people - before.people).toBe(1);
    expect(after.leads - before.leads).toBe(1);
    expect(after.tasks - before.tasks).toBe(2);
  });

  it('answers CONFLICT for a stale version and BAD_USER_INPUT for a cancelled meeting', async () => {
    const planned = await plannedMeeting();
    const stale = await t.gql(LOG, { input: { ...fullInput(planned), expectedVersion: planned.version + 1 } }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.expectedVersion' });
    const cancelled = await t.gql(
      `mutation ($id: ID!, $v: Int!) { cancelMeeting(id: $id, expectedVersion: $v, reason: "Gastgeber verhindert") { version } }`,
      { id: planned.id, v: planned.version },
      staff,
    );
    const res = await t.gql(LOG, { input: { ...fullInput(planned), expectedVersion: cancelled.data.cancelMeeting.version } }, staff);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.meetingId' });
  });

  it('needs either a planned meetingId or the meeting', async () => {
    const res = await t.gql(LOG, { input: { outcome: { outcomeSummary: 'x' } } }, staff);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.meeting' });
  });
});
