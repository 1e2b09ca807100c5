import { ORGANISATION_FIELDS } from '../factories/organisation.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const CREATE = `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { ${ORGANISATION_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateOrganisationInput!) {
  updateOrganisation(id: $id, expectedVersion: $v, input: $input) { id name version parentId } }`;

describe('Organisations (GraphQL)', () => {
  let t: TestApp;
  let staff: string;

  const create = async (input: Record<string, unknown>) => {
    const res = await t.gql(CREATE, { input }, staff);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createOrganisation;
  };
  const countRows = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM organisations`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.userToken('STAFF');
  });
  afterAll(() => t.close());

  it('creates, reads, updates, archives and restores an organisation', async () => {
    const parent = await create({ name: 'Siemens AG', kind: 'COMPANY', country: 'de' });
    expect(parent.country).toBe('DE');
    const org = await create({
      name: 'Siemens Italia',
      kind: 'COMPANY',
      country: 'IT',
      region: 'Lombardia',
      nutsCode: 'itc4',
      city: 'Milano',
      website: 'https://www.siemens.it',
      sectors: ['Automation', ' automation ', 'smart infrastructure'],
      parentId: parent.id,
    });
    expect(org).toMatchObject({ nutsCode: 'ITC4', sectors: ['automation', 'smart infrastructure'], version: 1 });

    const read = await t.gql(`query ($id: ID!) { organisation(id: $id) { name parent { name } } }`, { id: org.id }, staff);
    expect(read.data.organisation).toEqual({ name: 'Siemens Italia', parent: { name: 'Siemens AG' } });
    const children = await t.gql(`query ($id: ID!) { organisation(id: $id) { children { name } } }`, { id: parent.id }, staff);
    expect(children.data.organisation.children).toEqual([{ name: 'Siemens Italia' }]);

    const updated = await t.gql(UPDATE, { id: org.id, v: 1, input: { name: 'Siemens S.p.A.', region: null } }, staff);
    expect(updated.data.updateOrganisation).toMatchObject({ name: 'Siemens S.p.A.', version: 2 });
    const stale = await t.gql(UPDATE, { id: org.id, v: 1, input: { name: 'Lost update' } }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 });

    const archived = await t.gql(`mutation ($id: ID!) { archiveOrganisation(id: $id) { archivedAt version } }`, { id: org.id }, staff);
    expect(archived.data.archiveOrganisation.archivedAt).toEqual(expect.any(String));
    const list = await t.gql(`{ organisations(filter: { nameContains: "siemens s.p.a" }) { totalCount } }`, {}, staff);
    expect(list.data.organisations.totalCount).toBe(0);
    const restored = await t.gql(`mutation ($id: ID!) { restoreOrganisation(id: $id) { archivedAt } }`, { id: org.id }, staff);
    expect(restored.data.restoreOrganisation.archivedAt).toBeNull();
  });

  it('answers NOT_FOUND for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
    const missing = await t.gql(`{ organisation(id: "00000000-0000-4000-8000-000000000000") { id } }`, {}, staff);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const malformed = await t.gql(`{ organisation(id: "42") { id } }`, {}, staff);
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  describe('rejects bad input with BAD_USER_INPUT naming the field, writing nothing', () => {
    const valid = { name: 'Lamborghini', kind: 'COMPANY', country: 'IT' };
    it.each([
      ['an empty name', { name: '   ' }, 'input.name'],
      ['a 2,000-character name', { name: 'x'.repeat(2000) }, 'input.name'],
      ['country "XX"', { country: 'XX' }, 'input.country'],
      ['a malformed website', { website: 'not a url' }, 'input.website'],
      ['a javascript: website', { website: 'javascript:alert(1)' }, 'input.website'],
      ['a malformed NUTS code', { nutsCode: 'IT-H5' }, 'input.nutsCode'],
      ['an empty sector', { sectors: ['automotive', ''] }, 'input.sectors'],
      ['a malformed parentId', { parentId: 'abc' }, 'input.parentId'],
      ['an unknown parentId', { parentId: '00000000-0000-4000-8000-000000000000' }, 'input.parentId'],
    ])('%s', async (_label, change, field) => {
      const before = await countRows();
      const res = await t.gql(CREATE, { input: { ...valid, ...change } }, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.status).toBeLessThan(500);
      expect(await countRows()).toBe(before);
    });

    it('an unknown kind', async () => {
      const res = await t.gql(CREATE, { input: { ...valid, kind: 'SPACESHIP' } }, staff);
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toContain('input.kind');
    });

    it('a parent that would create a cycle, leaving the row unchanged', async () => {
      const a = await create({ name: 'Alliance of Automotive Regions', kind: 'NETWORK' });
      const b = await create({ name: 'Regione Lombardia', kind: 'PUBLIC_AUTHORITY', parentId: a.id });
      const res = await t.gql(UPDATE, { id: a.id, v: 1, input: { parentId: b.id, name: 'Renamed' } }, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.parentId' });
      const after = await t.gql(`query ($id: ID!) { organisation(id: $id) { name version parentId } }`, { id: a.id }, staff);
      expect(after.data.organisation).toEqual({ name: 'Alliance of Automotive Regions', version: 1, parentId: null });
    });

    it('clearing the name on update', async () => {
      const org = await create({ name: 'Clearable', kind: 'OTHER' });
      const res = await t.gql(UPDATE, { id: org.id, v: 1, input: { name: null } }, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    });

    it('a page size over 100', async () => {
      const res = await t.gql(`{ organisations(first: 101) { totalCount } }`, {}, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    });
  });

  it('pages through a Relay connection with cursors', async () => {
    for (const name of ['Pagina Uno', 'Pagina Due', 'Pagina Tre']) await create({ name, kind: 'COMPANY', sectors: ['paging'] });
    const query = `query ($after: String) { organisations(first: 2, after: $after, filter: { sector: "paging" }) {
      totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    const first = (await t.gql(query, {}, staff)).data.organisations;
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((e: any) => e.node.name)).toEqual(['Pagina Due', 'Pagina Tre']);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: first.edges[1].cursor });
    const second = (await t.gql(query, { after: first.pageInfo.endCursor }, staff)).data.organisations;
    expect(second.edges.map((e: any) => e.node.name)).toEqual(['Pagina Uno']);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('reads parents and children with the same number of SQL statements for 5 and for 50 organisations', async () => {
    const root = await create({ name: 'Loader Root', kind: 'NETWORK', sectors: ['loader'] });
    for (let i = 0; i < 50; i += 1) {
      await create({ name: `Loader Member ${String(i).padStart(2, '0')}`, kind: 'COMPANY', sectors: ['loader'], parentId: root.id });
    }
    const query = (n: number) => `{ organisations(first: ${n}, filter: { sector: "loader" }) {
      edges { node { name parent { name parent { name } } children { name } } } } }`;
    const count = async (n: number) => {
      const { result, statements } = await t.queries.count(() => t.gql(query(n), {}, staff));
      expect(result.errors).toBeUndefined();
      expect(result.data.organisations.edges).toHaveLength(n);
      return statements.filter((s) => !/^(START TRANSACTION|COMMIT)/.test(s)).length;
    };
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
    // user lookup for the token, the page, parents (level 1), parents (level 2), children
    expect(five).toBeLessThanOrEqual(5);
  });
});
