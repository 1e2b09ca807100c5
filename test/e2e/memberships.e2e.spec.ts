import { createTestApp, TestApp } from '../utils/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const FIELDS = 'id memberId networkId since until archivedAt version';
const ADD = `mutation ($input: AddOrganisationMembershipInput!) { addOrganisationMembership(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateOrganisationMembershipInput!) {
  updateOrganisationMembership(id: $id, expectedVersion: $v, input: $input) { ${FIELDS} } }`;
const END = `mutation ($id: ID!, $v: Int!, $until: String!) {
  endOrganisationMembership(id: $id, expectedVersion: $v, until: $until) { ${FIELDS} } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveOrganisationMembership(id: $id) { ${FIELDS} } }`;
const RESTORE = `mutation ($id: ID!) { restoreOrganisationMembership(id: $id) { ${FIELDS} } }`;

describe('Organisation memberships (GraphQL)', () => {
  let t: TestApp;
  let staff: string;
  let alliance: string;
  let lombardy: string;
  let emilia: string;
  let saxony: string;

  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await t.gql(query, variables, staff);
    if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const createOrganisation = async (name: string, kind = 'PUBLIC_AUTHORITY') =>
    (await ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, { input: { name, kind } }))
      .createOrganisation.id as string;
  const add = async (input: Record<string, unknown>) => (await ok(ADD, { input })).addOrganisationMembership;
  const countRows = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM organisation_memberships`))[0].n);
  const membersOf = async (id: string, includeEnded = false) =>
    (await ok(`query ($id: ID!, $e: Boolean) { organisation(id: $id) { members(includeEnded: $e) { since until member { name } } } }`, { id, e: includeEnded }))
      .organisation.members;

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.userToken('STAFF');
    alliance = await createOrganisation('Alliance of Automotive Regions', 'NETWORK');
    lombardy = await createOrganisation('Regione Lombardia');
    emilia = await createOrganisation('Regione Emilia-Romagna');
    saxony = await createOrganisation('Freistaat Sachsen');
  });
  afterAll(() => t.close());

  it('records regions in an alliance and reads them from both sides', async () => {
    await add({ memberId: saxony, networkId: alliance, since: '2019-04-01' });
    await add({ memberId: lombardy, networkId: alliance, since: '2017-10-05' });
    const membership = await add({ memberId: emilia, networkId: alliance, since: '2018-01-01' });
    expect(membership).toMatchObject({ memberId: emilia, networkId: alliance, since: '2018-01-01', until: null, archivedAt: null, version: 1 });

    expect(await membersOf(alliance)).toEqual([
      { since: '2019-04-01', until: null, member: { name: 'Freistaat Sachsen' } },
      { since: '2018-01-01', until: null, member: { name: 'Regione Emilia-Romagna' } },
      { since: '2017-10-05', until: null, member: { name: 'Regione Lombardia' } },
    ]);
    const lombardyView = await ok(
      `query ($id: ID!) { organisation(id: $id) { memberships { network { name } member { name } } members { id } } }`,
      { id: lombardy },
    );
    expect(lombardyView.organisation).toEqual({
      memberships: [{ network: { name: 'Alliance of Automotive Regions' }, member: { name: 'Regione Lombardia' } }],
      members: [],
    });
  });

  describe('rejects bad input with BAD_USER_INPUT naming the field, writing nothing', () => {
    it.each([
      ['the organisation as its own network', () => ({ memberId: lombardy, networkId: lombardy }), 'input.networkId'],
      ['an unknown member', () => ({ memberId: UNKNOWN_ID, networkId: alliance }), 'input.memberId'],
      ['an unknown network', () => ({ memberId: lombardy, networkId: UNKNOWN_ID }), 'input.networkId'],
      ['a malformed member id', () => ({ memberId: 'lombardy', networkId: alliance }), 'input.memberId'],
      ['until before since', () => ({ memberId: lombardy, networkId: saxony, since: '2020-01-01', until: '2019-12-31' }), 'input.until'],
      ['an impossible date', () => ({ memberId: lombardy, networkId: saxony, since: '2020-02-30' }), 'input.since'],
      ['a second current membership of the same pair', () => ({ memberId: lombardy, networkId: alliance }), 'input.networkId'],
    ])('%s', async (_label, input, field) => {
      const before = await countRows();
      const res = await t.gql(ADD, { input: input() }, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.status).toBeLessThan(500);
      expect(await countRows()).toBe(before);
    });

    it('but takes an ended membership of the same pair as history', async () => {
      const network = await createOrganisation('Motor Valley', 'NETWORK');
      await add({ memberId: emilia, networkId: network, since: '2024-01-01' });
      const past = await add({ memberId: emilia, networkId: network, since: '2010-01-01', until: '2015-01-01' });
      expect(past.until).toBe('2015-01-01');
    });
  });

  it('updates with optimistic concurrency, ends keeping history, archives and restores', async () => {
    const network = await createOrganisation('Vanguard Initiative', 'NETWORK');
    const membership = await add({ memberId: saxony, networkId: network, since: '2014-01-01' });

    const updated = await ok(UPDATE, { id: membership.id, v: 1, input: { since: '2013-11-01' } });
    expect(updated.updateOrganisationMembership).toMatchObject({ since: '2013-11-01', until: null, version: 2 });
    const stale = await t.gql(UPDATE, { id: membership.id, v: 1, input: { since: '2000-01-01' } }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 });
    const backwards = await t.gql(UPDATE, { id: membership.id, v: 2, input: { until: '2013-01-01' } }, staff);
    expect(backwards.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.until' });
    const early = await t.gql(END, { id: membership.id, v: 2, until: '2013-10-31' }, staff);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'until' });

    const ended = await ok(END, { id: membership.id, v: 2, until: '2023-12-31' });
    expect(ended.endOrganisationMembership).toMatchObject({ since: '2013-11-01', until: '2023-12-31', version: 3 });
    expect(await membersOf(network)).toEqual([]);
    expect(await membersOf(network, true)).toEqual([{ since: '2013-11-01', until: '2023-12-31', member: { name: 'Freistaat Sachsen' } }]);
    const saxonyHistory = await ok(`query ($id: ID!) { organisation(id: $id) { memberships(includeEnded: true) { network { name } } } }`, { id: saxony });
    expect(saxonyHistory.organisation.memberships.map((m: any) => m.network.name)).toContain('Vanguard Initiative');

    const archived = await ok(ARCHIVE, { id: membership.id });
    expect(archived.archiveOrganisationMembership.archivedAt).toEqual(expect.any(String));
    expect(await membersOf(network, true)).toEqual([]);
    const restored = await ok(RESTORE, { id: membership.id });
    expect(restored.restoreOrganisationMembership).toMatchObject({ archivedAt: null, version: 5 });
    expect(await membersOf(network, true)).toHaveLength(1);

    const missing = await t.gql(END, { id: UNKNOWN_ID, v: 1, until: '2024-01-01' }, staff);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('forbids viewers to write', async () => {
    const viewer = await t.userToken('VIEWER');
    const before = await countRows();
    const res = await t.gql(ADD, { input: { memberId: emilia, networkId: saxony } }, viewer);
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await countRows()).toBe(before);
  });

  it('reads members and memberships with the same number of SQL statements for 5 and for 50 organisations', async () => {
    const networks = [await createOrganisation('Loader Network A', 'NETWORK'), await createOrganisation('Loader Network B', 'NETWORK')];
    for (let i = 0; i < 50; i += 1) {
      const id = (
        await ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
          input: { name: `Loader Member ${String(i).padStart(2, '0')}`, kind: 'COMPANY', sectors: ['membership-loader'] },
        })
      ).createOrganisation.id;
      await add({ memberId: id, networkId: networks[0] });
      await add({ memberId: id, networkId: networks[1], since: '2000-01-01', until: '2001-01-01' });
    }
    const query = (n: number) => `{ organisations(first: ${n}, filter: { sector: "membership-loader" }) { edges { node {
      name
      memberships { member { name } network { name members { id } } }
      history: memberships(includeEnded: true) { until }
      members { id }
    } } } }`;
    const count = async (n: number) => {
      const { result, statements } = await t.queries.count(() => t.gql(query(n), {}, staff));
      expect(result.errors).toBeUndefined();
      expect(result.data.organisations.edges).toHaveLength(n);
      expect(result.data.organisations.edges[0].node.history).toHaveLength(2);
      return statements.filter((s) => !/^(START TRANSACTION|COMMIT)/.test(s)).length;
    };
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
    // user, page, current memberships, all memberships, members, organisations (members and networks), the networks' members.
    // Organisations are read from one list only: lists that resolve at different moments load in separate batches.
    expect(five).toBeLessThanOrEqual(7);
  });
});
