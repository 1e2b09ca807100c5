import {
  insertMeeting,
  insertOrganisation,
  insertPerson,
  insertTrip,
  LEAD_FIELDS,
  leadTableCounts,
} from '../factories/lead.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const CREATE = `mutation ($input: CreateLeadInput!) { createLead(input: $input) { ${LEAD_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateLeadInput!) {
  updateLead(id: $id, expectedVersion: $v, input: $input) { id version title stage } }`;
const MOVE = `mutation ($id: ID!, $v: Int!, $stage: LeadStage!, $reason: String) {
  moveLeadStage(id: $id, expectedVersion: $v, stage: $stage, reason: $reason) { id stage version closedReason isOpen } }`;
const HISTORY = `query ($id: ID!) { lead(id: $id) { stage version stageHistory {
  id fromStage toStage reason changedAt changedBy changedByUser { email } } } }`;

describe('Leads (GraphQL)', () => {
  let t: TestApp;
  let staff: string;
  let staffId: string;
  let staffEmail: string;

  const create = async (input: Record<string, unknown>) => {
    const res = await t.gql(CREATE, { input }, staff);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createLead;
  };
  const move = async (id: string, v: number, stage: string, reason?: string) => {
    const res = await t.gql(MOVE, { id, v, stage, reason }, staff);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.moveLeadStage;
  };
  const counts = () => leadTableCounts(t.dataSource.manager);

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.userToken('STAFF', 'thomas.wagner@wfs.test');
    const me = await t.gql(`{ me { id email } }`, {}, staff);
    staffId = me.data.me.id;
    staffEmail = me.data.me.email;
  });
  afterAll(() => t.close());

  it('creates a lead from a meeting and reads every relation', async () => {
    const ds = t.dataSource.manager;
    const brembo = await insertOrganisation(ds, { name: 'Brembo S.p.A.', country: 'IT' });
    const amz = await insertOrganisation(ds, { name: 'AMZ Sachsen', country: 'DE' });
    const rossi = await insertPerson(ds, { givenName: 'Marco', familyName: 'Rossi' });
    const vogel = await insertPerson(ds, { givenName: 'Dirk', familyName: 'Vogel' });
    const trip = await insertTrip(ds, 'Delegationsreise Mailand 2024');
    const meeting = await insertMeeting(ds, { title: 'Besuch bei Brembo', tripId: trip });

    const lead = await create({
      title: '  Bremsscheiben für Brembo ',
      kind: 'SUPPLY',
      topics: ['Reshoring of Automotive Value Chains', ' reshoring of automotive value chains', 'Brakes'],
      organisations: [
        { organisationId: brembo, side: 'PARTNER' },
        { organisationId: amz, side: 'SAXON' },
      ],
      contactIds: [vogel, rossi],
      originMeetingId: meeting,
      estimatedValue: 2500000,
      potentialJobs: 40,
      probability: 60,
      nextStep: 'Angebote übergeben',
      nextStepDate: '2024-06-15',
    });
    expect(lead).toMatchObject({
      title: 'Bremsscheiben für Brembo',
      topics: ['reshoring of automotive value chains', 'brakes'],
      stage: 'NEW',
      isOpen: true,
      ownerId: staffId,
      originTripId: trip,
      originMeetingId: meeting,
      estimatedValue: 2500000,
      version: 1,
    });

    const read = await t.gql(
      `query ($id: ID!) { lead(id: $id) {
        owner { email }
        organisations { side organisation { name } }
        contacts { familyName }
        origin { trip { name } meeting { title } }
        stageHistory { fromStage toStage changedByUser { email } }
        partnership { id }
      } }`,
      { id: lead.id },
      staff,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data.lead).toEqual({
      owner: { email: staffEmail },
      organisations: [
        { side: 'SAXON', organisation: { name: 'AMZ Sachsen' } },
        { side: 'PARTNER', organisation: { name: 'Brembo S.p.A.' } },
      ],
      contacts: [{ familyName: 'Rossi' }, { familyName: 'Vogel' }],
      origin: { trip: { name: 'Delegationsreise Mailand 2024' }, meeting: { title: 'Besuch bei Brembo' } },
      stageHistory: [{ fromStage: null, toStage: 'NEW', changedByUser: { email: staffEmail } }],
      partnership: null,
    });

    const dependents = await t.gql(
      `query ($org: ID!) { organisation(id: $org) { leads { title } open: leads(open: true) { title } closed: leads(open: false) { title } } }`,
      { org: brembo },
      staff,
    );
    expect(dependents.data.organisation).toEqual({
      leads: [{ title: 'Bremsscheiben für Brembo' }],
      open: [{ title: 'Bremsscheiben für Brembo' }],
      closed: [],
    });
  });

  it('shows no origin for a lead without provenance', async () => {
    const lead = await create({ title: 'Ohne Herkunft', kind: 'EXPORT' });
    const read = await t.gql(`query ($id: ID!) { lead(id: $id) { origin { trip { id } } contacts { id } organisations { side } } }`, { id: lead.id }, staff);
    expect(read.data.lead).toEqual({ origin: null, contacts: [], organisations: [] });
  });

  describe('rejects bad input with BAD_USER_INPUT naming the field, writing nothing', () => {
    const valid = { title: 'Smart City Pilot', kind: 'MUNICIPAL' };
    let trip: string;
    let otherTrip: string;
    let meeting: string;
    let org: string;

    beforeAll(async () => {
      const ds = t.dataSource.manager;
      trip = await insertTrip(ds);
      otherTrip = await insertTrip(ds);
      meeting = await insertMeeting(ds, { tripId: trip });
      org = await insertOrganisation(ds);
    });

    it.each<[string, () => Record<string, unknown>, string]>([
      ['an empty title', () => ({ title: '  ' }), 'input.title'],
      ['a 201-character title', () => ({ title: 'x'.repeat(201) }), 'input.title'],
      ['a negative value', () => ({ estimatedValue: -1 }), 'input.estimatedValue'],
      ['a value with three decimals', () => ({ estimatedValue: 1.005 }), 'input.estimatedValue'],
      ['negative jobs', () => ({ potentialJobs: -3 }), 'input.potentialJobs'],
      ['a probability of 101', () => ({ probability: 101 }), 'input.probability'],
      ['a probability of -1', () => ({ probability: -1 }), 'input.probability'],
      ['an impossible next-step date', () => ({ nextStepDate: '2024-02-30' }), 'input.nextStepDate'],
      ['an empty topic', () => ({ topics: ['smart city', ' '] }), 'input.topics'],
      [
        'a malformed organisation id',
        () => ({ organisations: [{ organisationId: 'abc', side: 'SAXON' }] }),
        'input.organisations.0.organisationId',
      ],
      [
        'an unknown organisation',
        () => ({ organisations: [{ organisationId: org, side: 'SAXON' }, { organisationId: UNKNOWN, side: 'PARTNER' }] }),
        'input.organisations.1.organisationId',
      ],
      [
        'an organisation listed twice',
        () => ({ organisations: [{ organisationId: org, side: 'SAXON' }, { organisationId: org, side: 'PARTNER' }] }),
        'input.organisations.1.organisationId',
      ],
      ['an unknown contact', () => ({ contactIds: [UNKNOWN] }), 'input.contactIds.0'],
      ['a malformed contact id', () => ({ contactIds: ['42'] }), 'input.contactIds'],
      ['an unknown owner', () => ({ ownerId: UNKNOWN }), 'input.ownerId'],
      ['an unknown trip', () => ({ originTripId: UNKNOWN }), 'input.originTripId'],
      ['an unknown meeting', () => ({ originMeetingId: UNKNOWN }), 'input.originMeetingId'],
      ['a trip that contradicts the meeting', () => ({ originMeetingId: meeting, originTripId: otherTrip }), 'input.originTripId'],
    ])('%s', async (_label, change, field) => {
      const before = await counts();
      const res = await t.gql(CREATE, { input: { ...valid, ...change() } }, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.status).toBeLessThan(500);
      expect(await counts()).toEqual(before);
    });

    it('an unknown kind or side', async () => {
      const kind = await t.gql(CREATE, { input: { ...valid, kind: 'SPACESHIP' } }, staff);
      expect(kind.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      const side = await t.gql(CREATE, { input: { ...valid, organisations: [{ organisationId: org, side: 'NEUTRAL' }] } }, staff);
      expect(side.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('a stage in updateLead: the stage changes only through moveLeadStage', async () => {
      const lead = await create(valid);
      const res = await t.gql(UPDATE, { id: lead.id, v: 1, input: { stage: 'WON' } }, staff);
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      const read = await t.gql(HISTORY, { id: lead.id }, staff);
      expect(read.data.lead).toMatchObject({ stage: 'NEW', version: 1 });
    });
  });

  describe('updateLead', () => {
    it('updates fields and replaces the sets; CONFLICT on a stale version changes nothing', async () => {
      const ds = t.dataSource.manager;
      const [a, b] = [await insertOrganisation(ds, { name: 'Alpha' }), await insertOrganisation(ds, { name: 'Beta' })];
      const lead = await create({ title: 'Sensorik', kind: 'EXPORT', organisations: [{ organisationId: a, side: 'SAXON' }] });
      const updated = await t.gql(
        UPDATE,
        { id: lead.id, v: 1, input: { title: 'Sensorik für Mailand', organisations: [{ organisationId: b, side: 'PARTNER' }] } },
        staff,
      );
      expect(updated.data.updateLead).toMatchObject({ title: 'Sensorik für Mailand', version: 2, stage: 'NEW' });
      const stale = await t.gql(UPDATE, { id: lead.id, v: 1, input: { title: 'Verloren', organisations: [] } }, staff);
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 });
      const read = await t.gql(`query ($id: ID!) { lead(id: $id) { title organisations { organisation { name } } } }`, { id: lead.id }, staff);
      expect(read.data.lead).toEqual({ title: 'Sensorik für Mailand', organisations: [{ organisation: { name: 'Beta' } }] });
      const cleared = await t.gql(UPDATE, { id: lead.id, v: 2, input: { title: null } }, staff);
      expect(cleared.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    });
  });

  describe('moveLeadStage', () => {
    it('records every move with who and why, and never rewrites the history', async () => {
      const lead = await create({ title: 'Batteriewerk', kind: 'INVESTMENT' });
      const first = (await t.gql(HISTORY, { id: lead.id }, staff)).data.lead.stageHistory;
      let v = 1;
      for (const stage of ['QUALIFIED', 'ON_HOLD', 'NEGOTIATING', 'WON']) {
        const moved = await move(lead.id, v, stage, `nach ${stage}`);
        expect(moved).toMatchObject({ stage, version: v + 1 });
        v = moved.version;
      }
      const read = (await t.gql(HISTORY, { id: lead.id }, staff)).data.lead;
      expect(read).toMatchObject({ stage: 'WON', version: 5 });
      expect(read.stageHistory[0]).toEqual(first[0]);
      expect(read.stageHistory.map((c: any) => [c.fromStage, c.toStage, c.reason, c.changedBy, c.changedByUser.email])).toEqual([
        [null, 'NEW', null, staffId, staffEmail],
        ['NEW', 'QUALIFIED', 'nach QUALIFIED', staffId, staffEmail],
        ['QUALIFIED', 'ON_HOLD', 'nach ON_HOLD', staffId, staffEmail],
        ['ON_HOLD', 'NEGOTIATING', 'nach NEGOTIATING', staffId, staffEmail],
        ['NEGOTIATING', 'WON', 'nach WON', staffId, staffEmail],
      ]);
      const times = read.stageHistory.map((c: any) => Date.parse(c.changedAt));
      expect([...times].sort((x, y) => x - y)).toEqual(times);
    });

    it('refuses illegal moves on stage, LOST without a reason on reason, stale versions with CONFLICT; nothing written', async () => {
      const lead = await create({ title: 'Illegal', kind: 'SUPPLY' });
      const before = await counts();
      const cases: [number, string, string | undefined, string, string][] = [
        [1, 'WON', 'zu früh', 'BAD_USER_INPUT', 'stage'],
        [1, 'NEW', undefined, 'BAD_USER_INPUT', 'stage'],
        [1, 'LOST', undefined, 'BAD_USER_INPUT', 'reason'],
        [1, 'LOST', '   ', 'BAD_USER_INPUT', 'reason'],
        [2, 'CONTACTED', undefined, 'CONFLICT', 'expectedVersion'],
      ];
      for (const [v, stage, reason, code, field] of cases) {
        const res = await t.gql(MOVE, { id: lead.id, v, stage, reason }, staff);
        expect(res.errors?.[0].extensions).toMatchObject({ code, field });
      }
      expect(await counts()).toEqual(before);
      const unknown = await t.gql(MOVE, { id: UNKNOWN, v: 1, stage: 'CONTACTED' }, staff);
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      const lost = await move(lead.id, 1, 'LOST', 'Wettbewerber gewinnt');
      expect(lost).toMatchObject({ stage: 'LOST', isOpen: false, closedReason: 'Wettbewerber gewinnt' });
      const reopened = await move(lead.id, 2, 'CONTACTED');
      expect(reopened).toMatchObject({ stage: 'CONTACTED', isOpen: true, closedReason: null });
    });
  });

  it('forbids every lead mutation to a VIEWER', async () => {
    const viewer = await t.userToken('VIEWER');
    const lead = await create({ title: 'Nur lesen', kind: 'SUPPLY' });
    const before = await counts();
    const attempts = [
      t.gql(CREATE, { input: { title: 'x', kind: 'SUPPLY' } }, viewer),
      t.gql(UPDATE, { id: lead.id, v: 1, input: { title: 'y' } }, viewer),
      t.gql(MOVE, { id: lead.id, v: 1, stage: 'CONTACTED' }, viewer),
      t.gql(`mutation ($id: ID!) { archiveLead(id: $id) { id } }`, { id: lead.id }, viewer),
      t.gql(`mutation ($id: ID!) { restoreLead(id: $id) { id } }`, { id: lead.id }, viewer),
    ];
    for (const res of await Promise.all(attempts)) expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
    const read = await t.gql(`query ($id: ID!) { lead(id: $id) { title } }`, { id: lead.id }, viewer);
    expect(read.data.lead.title).toBe('Nur lesen');
  });

  it('answers NOT_FOUND for an unknown lead and BAD_USER_INPUT for a malformed id', async () => {
    const missing = await t.gql(`query ($id: ID!) { lead(id: $id) { id } }`, { id: UNKNOWN }, staff);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const malformed = await t.gql(`{ lead(id: "42") { id } }`, {}, staff);
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('archives and restores, hiding archived leads from lists and dependents', async () => {
    const org = await insertOrganisation(t.dataSource.manager);
    const lead = await create({ title: 'Archivierbar', kind: 'SUPPLY', topics: ['archiv-e2e'], organisations: [{ organisationId: org, side: 'SAXON' }] });
    const archived = await t.gql(`mutation ($id: ID!) { archiveLead(id: $id) { archivedAt version } }`, { id: lead.id }, staff);
    expect(archived.data.archiveLead).toMatchObject({ archivedAt: expect.any(String), version: 2 });
    const list = `query ($all: Boolean!) { leads(filter: { topic: "archiv-e2e", includeArchived: $all }) { totalCount } }`;
    expect((await t.gql(list, { all: false }, staff)).data.leads.totalCount).toBe(0);
    expect((await t.gql(list, { all: true }, staff)).data.leads.totalCount).toBe(1);
    const dependents = await t.gql(`query ($id: ID!) { organisation(id: $id) { leads { id } } }`, { id: org }, staff);
    expect(dependents.data.organisation.leads).toEqual([]);
    const restored = await t.gql(`mutation ($id: ID!) { restoreLead(id: $id) { archivedAt } }`, { id: lead.id }, staff);
    expect(restored.data.restoreLead.archivedAt).toBeNull();
    expect((await t.gql(list, { all: false }, staff)).data.leads.totalCount).toBe(1);
  });

  it('filters, orders and pages through the connection', async () => {
    const italian = await insertOrganisation(t.dataSource.manager, { name: 'Regione Lombardia', country: 'IT' });
    for (const [title, value, date] of [
      ['Pagina A', 100, '2024-06-03'],
      ['Pagina B', 300, null],
      ['Pagina C', 200, '2024-06-01'],
    ] as const) {
      await create({
        title,
        kind: 'JOINT_RD',
        topics: ['paging'],
        estimatedValue: value,
        nextStepDate: date,
        organisations: [{ organisationId: italian, side: 'PARTNER' }],
      });
    }
    const query = `query ($after: String, $order: LeadOrder, $filter: LeadFilter) {
      leads(first: 2, after: $after, orderBy: $order, filter: $filter) {
        totalCount edges { cursor node { title } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    const titlesOf = async (order: Record<string, string>, filter: Record<string, unknown> = {}) => {
      const all: string[] = [];
      let after: string | undefined;
      for (;;) {
        const res = await t.gql(query, { after, order, filter: { topic: 'Paging', ...filter } }, staff);
        expect(res.errors).toBeUndefined();
        all.push(...res.data.leads.edges.map((e: any) => e.node.title));
        if (!res.data.leads.pageInfo.hasNextPage) return { all, totalCount: res.data.leads.totalCount };
        after = res.data.leads.pageInfo.endCursor;
      }
    };
    expect((await titlesOf({ field: 'TITLE' })).all).toEqual(['Pagina A', 'Pagina B', 'Pagina C']);
    expect((await titlesOf({ field: 'UPDATED_AT' })).all).toEqual(['Pagina C', 'Pagina B', 'Pagina A']);
    expect((await titlesOf({ field: 'NEXT_STEP_DATE' })).all).toEqual(['Pagina C', 'Pagina A', 'Pagina B']);
    expect((await titlesOf({ field: 'ESTIMATED_VALUE', direction: 'DESC' })).all).toEqual(['Pagina B', 'Pagina C', 'Pagina A']);
    expect(await titlesOf({ field: 'TITLE' }, { country: 'it', minValue: 150, open: true })).toEqual({
      all: ['Pagina B', 'Pagina C'],
      totalCount: 2,
    });
    expect((await titlesOf({ field: 'TITLE' }, { nextStepBefore: '2024-06-03', stages: ['NEW'], kinds: ['JOINT_RD'] })).all).toEqual([
      'Pagina C',
    ]);
    const badFilter = await t.gql(`{ leads(filter: { nextStepBefore: "morgen" }) { totalCount } }`, {}, staff);
    expect(badFilter.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.nextStepBefore' });
    const badPage = await t.gql(`{ leads(first: 101) { totalCount } }`, {}, staff);
    expect(badPage.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('shows leads on their trip, meeting and contact person', async () => {
    const ds = t.dataSource.manager;
    const trip = await insertTrip(ds, 'Emilia-Romagna 2024');
    const meeting = await insertMeeting(ds, { title: 'B2B Modena', tripId: trip });
    const person = await insertPerson(ds, { familyName: 'Ferrari' });
    await create({ title: 'Autonome Fahrzeuge', kind: 'JOINT_RD', originMeetingId: meeting, contactIds: [person] });
    await create({ title: 'Nur die Reise', kind: 'EXPORT', originTripId: trip });
    // Trip, Meeting and Person have no queries of their own yet here, so reach them through a lead.
    const res = await t.gql(
      `{ leads(first: 100, orderBy: { field: TITLE }, filter: { tripId: "${trip}" }) { edges { node { title
        origin { trip { leads { title } } meeting { leads { title } } }
        contacts { leads { title } } } } } }`,
      {},
      staff,
    );
    expect(res.errors).toBeUndefined();
    const [autonomous, tripOnly] = res.data.leads.edges.map((e: any) => e.node);
    expect(autonomous.origin.trip.leads.map((l: any) => l.title).sort()).toEqual(['Autonome Fahrzeuge', 'Nur die Reise']);
    expect(autonomous.origin.meeting.leads).toEqual([{ title: 'Autonome Fahrzeuge' }]);
    expect(autonomous.contacts).toEqual([{ leads: [{ title: 'Autonome Fahrzeuge' }] }]);
    expect(tripOnly.origin.meeting).toBeNull();
  });

  it('reads the relations of 5 and of 50 leads with the same number of SQL statements', async () => {
    const ds = t.dataSource.manager;
    const trip = await insertTrip(ds);
    for (let i = 0; i < 50; i += 1) {
      const org = await insertOrganisation(ds, { name: `Loader Org ${i}` });
      const person = await insertPerson(ds, { familyName: `Loader ${i}` });
      const meeting = await insertMeeting(ds, { title: `Loader Termin ${i}`, tripId: trip });
      const lead = await create({
        title: `Loader Lead ${String(i).padStart(2, '0')}`,
        kind: 'SUPPLY',
        topics: ['loader'],
        organisations: [{ organisationId: org, side: 'PARTNER' }],
        contactIds: [person],
        originMeetingId: meeting,
      });
      await move(lead.id, 1, 'CONTACTED');
      await ds.query(`INSERT INTO tasks (title, due_date, lead_id) VALUES ('Angebot nachfassen', '2030-01-01', $1), ('Später', '2031-01-01', $1)`, [lead.id]);
    }
    // The lead dashboard of the issue: organisations, owner, contacts, origin { meeting { trip } }, nextTask.
    const query = (n: number) => `{ leads(first: ${n}, filter: { topic: "loader" }) { edges { node {
      organisations { side organisation { name } } owner { email } contacts { familyName }
      origin { meeting { title trip { name } } trip { name } } stageHistory { toStage } nextTask { title dueDate } } } } }`;
    const count = async (n: number) => {
      const { result, statements } = await t.queries.count(() => t.gql(query(n), {}, staff));
      expect(result.errors).toBeUndefined();
      expect(result.data.leads.edges).toHaveLength(n);
      const node = result.data.leads.edges[0].node;
      expect(node.stageHistory).toEqual([{ toStage: 'NEW' }, { toStage: 'CONTACTED' }]);
      expect(node.contacts).toHaveLength(1);
      expect(node.origin.trip.name).toEqual(expect.any(String));
      expect(node.origin.meeting.trip.name).toBe(node.origin.trip.name);
      expect(node.nextTask).toEqual({ title: 'Angebot nachfassen', dueDate: '2030-01-01' });
      return statements.filter((s) => !/^(START TRANSACTION|COMMIT)/.test(s)).length;
    };
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
    // token user, page, organisations, organisation names, owners, contact ids, people, meetings,
    // trips (origin), trips (meeting's), history, next tasks
    expect(five).toBeLessThanOrEqual(12);
  });
});
