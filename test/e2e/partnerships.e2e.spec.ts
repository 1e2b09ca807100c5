import {
  insertMeeting,
  insertOrganisation,
  insertTrip,
  leadTableCounts,
  PARTNERSHIP_FIELDS,
} from '../factories/lead.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const CREATE_LEAD = `mutation ($input: CreateLeadInput!) { createLead(input: $input) { id version title } }`;
const MOVE = `mutation ($id: ID!, $v: Int!, $stage: LeadStage!) { moveLeadStage(id: $id, expectedVersion: $v, stage: $stage) { version } }`;
const CONVERT = `mutation ($leadId: ID!, $v: Int!, $input: ConvertLeadInput!) {
  convertLeadToPartnership(leadId: $leadId, expectedVersion: $v, input: $input) { ${PARTNERSHIP_FIELDS} } }`;
const CREATE = `mutation ($input: CreatePartnershipInput!) { createPartnership(input: $input) { ${PARTNERSHIP_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdatePartnershipInput!) {
  updatePartnership(id: $id, expectedVersion: $v, input: $input) { id title version parties { name } } }`;
const END = `mutation ($id: ID!, $v: Int!, $endedOn: String!) { endPartnership(id: $id, expectedVersion: $v, endedOn: $endedOn) {
  status endedOn version } }`;

describe('Partnerships (GraphQL)', () => {
  let t: TestApp;
  let staff: string;
  let lamborghini: string;
  let amz: string;
  let trip: string;
  let meeting: string;

  const ok = async (query: string, variables: Record<string, unknown>) => {
    const res = await t.gql(query, variables, staff);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return Object.values(res.data)[0] as any;
  };
  const counts = () => leadTableCounts(t.dataSource.manager);

  /** A lead from the Lamborghini meeting with Lamborghini and AMZ, moved to `stage` (via QUALIFIED). */
  async function leadIn(stage: 'NEW' | 'QUALIFIED' | 'NEGOTIATING', title = 'Nachhaltige Fahrzeugproduktion') {
    const lead = await ok(CREATE_LEAD, {
      input: {
        title,
        kind: 'KNOWLEDGE_EXCHANGE',
        originMeetingId: meeting,
        estimatedValue: 150000,
        organisations: [
          { organisationId: lamborghini, side: 'PARTNER' },
          { organisationId: amz, side: 'SAXON' },
        ],
      },
    });
    let version = lead.version;
    for (const next of stage === 'NEW' ? [] : stage === 'QUALIFIED' ? ['QUALIFIED'] : ['QUALIFIED', 'NEGOTIATING']) {
      version = (await ok(MOVE, { id: lead.id, v: version, stage: next })).version;
    }
    return { id: lead.id as string, version: version as number };
  }

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.userToken('STAFF');
    const ds = t.dataSource.manager;
    lamborghini = await insertOrganisation(ds, { name: 'Automobili Lamborghini', country: 'IT' });
    amz = await insertOrganisation(ds, { name: 'AMZ Sachsen', country: 'DE' });
    trip = await insertTrip(ds, 'Delegationsreise Emilia-Romagna');
    meeting = await insertMeeting(ds, { title: 'Werksbesuch Sant\'Agata', tripId: trip });
  });
  afterAll(() => t.close());

  it('converts a lead to a partnership that leads back to the trip and meeting it came from', async () => {
    const lead = await leadIn('NEGOTIATING');
    const partnership = await ok(CONVERT, { leadId: lead.id, v: lead.version, input: { kind: 'MOU', signedOn: '2024-09-20' } });
    expect(partnership).toMatchObject({
      leadId: lead.id,
      title: 'Nachhaltige Fahrzeugproduktion',
      kind: 'MOU',
      signedOn: '2024-09-20',
      valueEur: 150000,
      status: 'ACTIVE',
      version: 1,
    });
    const read = await t.gql(
      `query ($id: ID!) { partnership(id: $id) { parties { name }
        lead { stage isOpen closedReason stageHistory { fromStage toStage }
          origin { trip { name } meeting { title } } partnership { id } } } }`,
      { id: partnership.id },
      staff,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data.partnership).toEqual({
      parties: [{ name: 'AMZ Sachsen' }, { name: 'Automobili Lamborghini' }],
      lead: {
        stage: 'WON',
        isOpen: false,
        closedReason: 'Converted to a partnership',
        stageHistory: [
          { fromStage: null, toStage: 'NEW' },
          { fromStage: 'NEW', toStage: 'QUALIFIED' },
          { fromStage: 'QUALIFIED', toStage: 'NEGOTIATING' },
          { fromStage: 'NEGOTIATING', toStage: 'WON' },
        ],
        origin: { trip: { name: 'Delegationsreise Emilia-Romagna' }, meeting: { title: "Werksbesuch Sant'Agata" } },
        partnership: { id: partnership.id },
      },
    });
    const org = await t.gql(`query ($id: ID!) { organisation(id: $id) { partnerships { id } leads(open: false) { id } } }`, { id: lamborghini }, staff);
    expect(org.data.organisation.partnerships.map((p: any) => p.id)).toContain(partnership.id);
    expect(org.data.organisation.leads.map((l: any) => l.id)).toContain(lead.id);
  });

  it('refuses an illegal move with BAD_USER_INPUT, a second conversion and a stale version with CONFLICT, writing nothing', async () => {
    const fresh = await leadIn('NEW');
    let before = await counts();
    const illegal = await t.gql(CONVERT, { leadId: fresh.id, v: fresh.version, input: { kind: 'MOU' } }, staff);
    expect(illegal.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'leadId' });
    expect(await counts()).toEqual(before);

    const qualified = await leadIn('QUALIFIED');
    const stale = await t.gql(CONVERT, { leadId: qualified.id, v: qualified.version - 1, input: { kind: 'MOU' } }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    const badParty = await t.gql(CONVERT, { leadId: qualified.id, v: qualified.version, input: { kind: 'MOU', partyIds: [UNKNOWN] } }, staff);
    expect(badParty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.partyIds.0' });
    const badValue = await t.gql(CONVERT, { leadId: qualified.id, v: qualified.version, input: { kind: 'MOU', valueEur: -5 } }, staff);
    expect(badValue.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.valueEur' });
    const read = await t.gql(`query ($id: ID!) { lead(id: $id) { stage version partnership { id } } }`, { id: qualified.id }, staff);
    expect(read.data.lead).toEqual({ stage: 'QUALIFIED', version: qualified.version, partnership: null });

    await ok(CONVERT, { leadId: qualified.id, v: qualified.version, input: { kind: 'JOINT_PROJECT', title: 'Gemeinsames Projekt' } });
    before = await counts();
    const again = await t.gql(CONVERT, { leadId: qualified.id, v: qualified.version + 1, input: { kind: 'MOU' } }, staff);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'leadId' });
    expect(await counts()).toEqual(before);

    const unknown = await t.gql(CONVERT, { leadId: UNKNOWN, v: 1, input: { kind: 'MOU' } }, staff);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
  });

  it('creates, updates, ends, archives and restores a partnership without a lead', async () => {
    const created = await ok(CREATE, {
      input: { title: 'Netzwerkmitgliedschaft', kind: 'NETWORK_MEMBERSHIP', partyIds: [amz], signedOn: '2024-01-15', valueEur: 5000 },
    });
    expect(created).toMatchObject({ leadId: null, status: 'ACTIVE', valueEur: 5000, version: 1 });
    const updated = await ok(UPDATE, { id: created.id, v: 1, input: { title: 'Mitgliedschaft', partyIds: [amz, lamborghini] } });
    expect(updated).toEqual({
      id: created.id,
      title: 'Mitgliedschaft',
      version: 2,
      parties: [{ name: 'AMZ Sachsen' }, { name: 'Automobili Lamborghini' }],
    });
    const stale = await t.gql(UPDATE, { id: created.id, v: 1, input: { title: 'Verloren' } }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 });

    const early = await t.gql(END, { id: created.id, v: 2, endedOn: '2023-12-31' }, staff);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endedOn' });
    const malformed = await t.gql(END, { id: created.id, v: 2, endedOn: '31.12.2024' }, staff);
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endedOn' });
    expect(await ok(END, { id: created.id, v: 2, endedOn: '2024-12-31' })).toEqual({ status: 'ENDED', endedOn: '2024-12-31', version: 3 });

    const list = `query ($all: Boolean!, $org: ID) { partnerships(filter: { status: ENDED, kind: NETWORK_MEMBERSHIP, organisationId: $org, includeArchived: $all }) {
      totalCount edges { node { id } } } }`;
    expect((await t.gql(list, { all: false, org: lamborghini }, staff)).data.partnerships.totalCount).toBe(1);
    await ok(`mutation ($id: ID!) { archivePartnership(id: $id) { id } }`, { id: created.id });
    expect((await t.gql(list, { all: false, org: lamborghini }, staff)).data.partnerships.totalCount).toBe(0);
    expect((await t.gql(list, { all: true, org: lamborghini }, staff)).data.partnerships.totalCount).toBe(1);
    const onOrg = await t.gql(`query ($id: ID!) { organisation(id: $id) { partnerships { id } } }`, { id: amz }, staff);
    expect(onOrg.data.organisation.partnerships.map((p: any) => p.id)).not.toContain(created.id);
    const restored = await ok(`mutation ($id: ID!) { restorePartnership(id: $id) { archivedAt } }`, { id: created.id });
    expect(restored.archivedAt).toBeNull();
    expect((await t.gql(list, { all: false, org: lamborghini }, staff)).data.partnerships.totalCount).toBe(1);
  });

  describe('rejects bad input with BAD_USER_INPUT naming the field, writing nothing', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['no parties', { partyIds: [] }, 'input.partyIds'],
      ['an unknown party', { partyIds: ['AMZ', UNKNOWN] }, 'input.partyIds.1'],
      ['a malformed party id', { partyIds: ['x'] }, 'input.partyIds'],
      ['an empty title', { title: ' ' }, 'input.title'],
      ['a negative value', { valueEur: -1 }, 'input.valueEur'],
      ['an impossible signing date', { signedOn: '2024-13-01' }, 'input.signedOn'],
    ])('%s', async (_label, change, field) => {
      const input = { title: 'Liefervertrag', kind: 'SUPPLY_CONTRACT', partyIds: [amz], ...change };
      if (Array.isArray(input.partyIds)) input.partyIds = input.partyIds.map((id: string) => (id === 'AMZ' ? amz : id));
      const before = await counts();
      const res = await t.gql(CREATE, { input }, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await counts()).toEqual(before);
    });
  });

  it('forbids every partnership mutation to a VIEWER', async () => {
    const viewer = await t.userToken('VIEWER');
    const lead = await leadIn('QUALIFIED');
    const p = await ok(CREATE, { input: { title: 'Lesbar', kind: 'MOU', partyIds: [amz] } });
    const before = await counts();
    const attempts = await Promise.all([
      t.gql(CONVERT, { leadId: lead.id, v: lead.version, input: { kind: 'MOU' } }, viewer),
      t.gql(CREATE, { input: { title: 'x', kind: 'MOU', partyIds: [amz] } }, viewer),
      t.gql(UPDATE, { id: p.id, v: 1, input: { title: 'y' } }, viewer),
      t.gql(END, { id: p.id, v: 1, endedOn: '2030-01-01' }, viewer),
      t.gql(`mutation ($id: ID!) { archivePartnership(id: $id) { id } }`, { id: p.id }, viewer),
      t.gql(`mutation ($id: ID!) { restorePartnership(id: $id) { id } }`, { id: p.id }, viewer),
    ]);
    for (const res of attempts) expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
    const read = await t.gql(`query ($id: ID!) { partnership(id: $id) { title } }`, { id: p.id }, viewer);
    expect(read.data.partnership.title).toBe('Lesbar');
    const missing = await t.gql(`query ($id: ID!) { partnership(id: $id) { id } }`, { id: UNKNOWN }, viewer);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('reads parties and the lead with its origin for 5 and for 50 partnerships with the same number of SQL statements', async () => {
    const network = await insertOrganisation(t.dataSource.manager, { name: 'Loader Netzwerk' });
    for (let i = 0; i < 50; i += 1) {
      const lead = await leadIn('QUALIFIED', `Loader ${i}`);
      await ok(CONVERT, { leadId: lead.id, v: lead.version, input: { kind: 'MOU', partyIds: [network, amz] } });
    }
    const query = (n: number) => `{ partnerships(first: ${n}, filter: { organisationId: "${network}" }) { edges { node {
      title parties { name } lead { title stage origin { trip { name } meeting { title } } } } } } }`;
    const count = async (n: number) => {
      const { result, statements } = await t.queries.count(() => t.gql(query(n), {}, staff));
      expect(result.errors).toBeUndefined();
      expect(result.data.partnerships.edges).toHaveLength(n);
      expect(result.data.partnerships.edges[0].node.lead.origin.trip.name).toBe('Delegationsreise Emilia-Romagna');
      return statements.filter((s) => !/^(START TRANSACTION|COMMIT)/.test(s)).length;
    };
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
    // token user, page, party ids, organisations, leads, meetings, trips
    expect(five).toBeLessThanOrEqual(7);
  });
});
