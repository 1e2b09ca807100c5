import { AFFILIATION_FIELDS, PERSON_FIELDS } from '../factories/person.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const CREATE = `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { ${PERSON_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdatePersonInput!) {
  updatePerson(id: $id, expectedVersion: $v, input: $input) { ${PERSON_FIELDS} } }`;
const ADD_AFFILIATION = `mutation ($input: AddAffiliationInput!) { addAffiliation(input: $input) { ${AFFILIATION_FIELDS} } }`;
const UPDATE_AFFILIATION = `mutation ($id: ID!, $v: Int!, $input: UpdateAffiliationInput!) {
  updateAffiliation(id: $id, expectedVersion: $v, input: $input) { ${AFFILIATION_FIELDS} } }`;
const END_AFFILIATION = `mutation ($id: ID!, $v: Int!, $endDate: String!) {
  endAffiliation(id: $id, expectedVersion: $v, endDate: $endDate) { ${AFFILIATION_FIELDS} } }`;

describe('People and affiliations (GraphQL)', () => {
  let t: TestApp;
  let staff: string;
  let brembo: string;
  let anfia: string;

  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await t.gql(query, variables, staff);
    if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const createOrganisation = async (name: string) =>
    (await ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, { input: { name, kind: 'COMPANY' } }))
      .createOrganisation.id as string;
  const createPerson = async (input: Record<string, unknown>) => (await ok(CREATE, { input })).createPerson;
  const countRows = async (table: string) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.userToken('STAFF');
    brembo = await createOrganisation('Brembo S.p.A.');
    anfia = await createOrganisation('ANFIA');
  });
  afterAll(() => t.close());

  it('creates a person with affiliations and reads them from both sides', async () => {
    const person = await createPerson({
      title: 'Ing.',
      givenName: '  Nicolò ',
      familyName: "D'Amico",
      emails: [{ address: ' N.DAmico@Brembo.example ', label: 'work' }],
      phones: [
        { number: '+39 0522 1234567', label: 'office' },
        { number: '347 123 4567', defaultCountry: 'it', label: 'mobile', primary: true },
      ],
      preferredLanguage: 'IT',
      affiliations: [
        { organisationId: brembo, jobTitle: 'Brake systems engineer', department: 'R&D', startDate: '2015-09-01', isPrimary: true },
        { organisationId: anfia, jobTitle: 'Working group member', startDate: '2021-01-01' },
      ],
    });
    expect(person).toMatchObject({
      title: 'Ing.',
      givenName: 'Nicolò',
      emails: [{ address: 'n.damico@brembo.example', label: 'work', primary: true }],
      phones: [
        { number: '+393471234567', label: 'mobile', primary: true },
        { number: '+3905221234567', label: 'office', primary: false },
      ],
      preferredLanguage: 'it',
      version: 1,
    });

    const read = await ok(
      `query ($id: ID!) { person(id: $id) { familyName affiliations { jobTitle isPrimary isCurrent organisation { name } person { givenName } } } }`,
      { id: person.id },
    );
    expect(read.person).toEqual({
      familyName: "D'Amico",
      affiliations: [
        { jobTitle: 'Brake systems engineer', isPrimary: true, isCurrent: true, organisation: { name: 'Brembo S.p.A.' }, person: { givenName: 'Nicolò' } },
        { jobTitle: 'Working group member', isPrimary: false, isCurrent: true, organisation: { name: 'ANFIA' }, person: { givenName: 'Nicolò' } },
      ],
    });
    const staffOf = await ok(`query ($id: ID!) { organisation(id: $id) { affiliations { jobTitle person { familyName } } } }`, { id: anfia });
    expect(staffOf.organisation.affiliations).toEqual([{ jobTitle: 'Working group member', person: { familyName: "D'Amico" } }]);
  });

  it('stores a name typed with combining accents composed, so search and sort treat it like any other', async () => {
    const person = await createPerson({ givenName: 'Nicolo\u0300', familyName: 'Que\u0308ck-Composto' });
    expect(person.givenName).toBe('Nicolò');
    expect(person.familyName).toBe('Quëck-Composto');
    const found = await ok(`{ people(filter: { nameContains: "nicolo queck" }) { edges { node { id } } } }`);
    expect(found.people.edges).toEqual([{ node: { id: person.id } }]);
  });

  describe('rejects bad input with BAD_USER_INPUT naming the field, writing nothing', () => {
    const valid = { givenName: 'Ulrike', familyName: 'Queck-Hänel' };
    it.each([
      ['an empty family name', { familyName: '  ' }, 'input.familyName'],
      ['a 101-character given name', { givenName: 'x'.repeat(101) }, 'input.givenName'],
      ['a malformed email', { emails: [{ address: 'ulrike@' }] }, 'input.emails.0.address'],
      ['two primary emails', { emails: [{ address: 'a@x.example', primary: true }, { address: 'b@x.example', primary: true }] }, 'input.emails.1.primary'],
      ['an invalid phone number', { phones: [{ number: '+49 12' }] }, 'input.phones.0.number'],
      ['a local number without defaultCountry', { phones: [{ number: '+49 351 1234567' }, { number: '0522 1234567' }] }, 'input.phones.1.number'],
      ['letters as a phone number', { phones: [{ number: 'call me', defaultCountry: 'DE' }] }, 'input.phones.0.number'],
      ['an unknown defaultCountry', { phones: [{ number: '0522 1234567', defaultCountry: 'XX' }] }, 'input.phones.0.defaultCountry'],
      ['a three-letter language', { preferredLanguage: 'deu' }, 'input.preferredLanguage'],
      ['an unknown language', { preferredLanguage: 'xx' }, 'input.preferredLanguage'],
      ['a malformed organisation id', { affiliations: [{ organisationId: 'brembo' }] }, 'input.affiliations.0.organisationId'],
      ['an unknown organisation', { affiliations: [{ organisationId: UNKNOWN_ID }] }, 'input.affiliations.0.organisationId'],
      ['an impossible start date', { affiliations: [{ organisationId: UNKNOWN_ID, startDate: '2024-02-30' }] }, 'input.affiliations.0.startDate'],
    ])('%s', async (_label, change, field) => {
      const before = [await countRows('people'), await countRows('affiliations')];
      const res = await t.gql(CREATE, { input: { ...valid, ...change } }, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.status).toBeLessThan(500);
      expect([await countRows('people'), await countRows('affiliations')]).toEqual(before);
    });

    it('an affiliation ending before it starts, and two primary affiliations', async () => {
      const before = [await countRows('people'), await countRows('affiliations')];
      const backwards = await t.gql(
        CREATE,
        { input: { ...valid, affiliations: [{ organisationId: brembo }, { organisationId: anfia, startDate: '2024-05-13', endDate: '2024-05-01' }] } },
        staff,
      );
      expect(backwards.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.affiliations.1.endDate' });
      const twoPrimaries = await t.gql(
        CREATE,
        { input: { ...valid, affiliations: [{ organisationId: brembo, isPrimary: true }, { organisationId: anfia, isPrimary: true }] } },
        staff,
      );
      expect(twoPrimaries.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.affiliations.1.isPrimary' });
      expect([await countRows('people'), await countRows('affiliations')]).toEqual(before);
    });

    it('a page size over 100 and a malformed email filter value of over 254 characters', async () => {
      const big = await t.gql(`{ people(first: 101) { totalCount } }`, {}, staff);
      expect(big.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      const long = await t.gql(`query ($e: String) { people(filter: { email: $e }) { totalCount } }`, { e: `${'x'.repeat(250)}@x.example` }, staff);
      expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.email' });
    });
  });

  it('updates with optimistic concurrency, clears with null and keeps omitted fields', async () => {
    const person = await createPerson({ title: 'Dr.', givenName: 'Ulrike', familyName: 'Queck-Hänel', background: 'Met in Zwickau', phones: [{ number: '+49 375 1234567' }] });
    const updated = await ok(UPDATE, { id: person.id, v: 1, input: { title: 'Prof.', background: null, emails: [{ address: 'Ulrike@Zwickau.example' }] } });
    expect(updated.updatePerson).toMatchObject({
      title: 'Prof.',
      background: null,
      phones: [{ number: '+493751234567', primary: true }],
      emails: [{ address: 'ulrike@zwickau.example', primary: true }],
      version: 2,
    });
    const stale = await t.gql(UPDATE, { id: person.id, v: 1, input: { background: 'lost update' } }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 });
    const cleared = await t.gql(UPDATE, { id: person.id, v: 2, input: { givenName: null } }, staff);
    expect(cleared.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.givenName' });
    const badPhone = await t.gql(UPDATE, { id: person.id, v: 2, input: { phones: [{ number: '12' }] } }, staff);
    expect(badPhone.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.phones.0.number' });
    const after = await ok(`query ($id: ID!) { person(id: $id) { background version } }`, { id: person.id });
    expect(after.person).toEqual({ background: null, version: 2 });
  });

  it('finds by email and organisation, hides archived people, and restores them', async () => {
    const employer = await createOrganisation('Regione Lombardia');
    const person = await createPerson({
      givenName: 'Giulia',
      familyName: 'Lombardi',
      emails: [{ address: 'g.lombardi@regione.example' }, { address: 'giulia@home.example', primary: true }],
      affiliations: [{ organisationId: employer, isPrimary: true }],
    });
    const query = `query ($f: PersonFilter) { people(filter: $f) { totalCount edges { node { id } } } }`;
    const ids = async (f: Record<string, unknown>) => (await ok(query, { f })).people.edges.map((e: any) => e.node.id);
    expect(await ids({ email: 'G.Lombardi@Regione.example' })).toEqual([person.id]);
    expect(await ids({ organisationId: employer })).toEqual([person.id]);

    const archived = await ok(`mutation ($id: ID!) { archivePerson(id: $id) { archivedAt version } }`, { id: person.id });
    expect(archived.archivePerson.archivedAt).toEqual(expect.any(String));
    expect(await ids({ email: 'g.lombardi@regione.example' })).toEqual([]);
    expect(await ids({ email: 'g.lombardi@regione.example', includeArchived: true })).toEqual([person.id]);
    const stillReadable = await ok(`query ($id: ID!) { person(id: $id) { archivedAt } }`, { id: person.id });
    expect(stillReadable.person.archivedAt).toEqual(expect.any(String));
    const restored = await ok(`mutation ($id: ID!) { restorePerson(id: $id) { archivedAt } }`, { id: person.id });
    expect(restored.restorePerson.archivedAt).toBeNull();
    expect(await ids({ nameContains: 'giulia lombardi' })).toEqual([person.id]);
  });

  it('manages affiliations over time: primary moves, ending keeps history', async () => {
    const person = await createPerson({ givenName: 'Marco', familyName: 'Brambilla', affiliations: [{ organisationId: brembo, jobTitle: 'Engineer', isPrimary: true }] });
    const [atBrembo] = (await ok(`query ($id: ID!) { person(id: $id) { affiliations { id version } } }`, { id: person.id })).person.affiliations;

    const added = await ok(ADD_AFFILIATION, { input: { personId: person.id, organisationId: anfia, jobTitle: 'Chair', startDate: '2023-01-01', isPrimary: true } });
    expect(added.addAffiliation).toMatchObject({ personId: person.id, organisationId: anfia, isPrimary: true, isCurrent: true, version: 1 });

    const listed = await ok(`query ($id: ID!) { person(id: $id) { affiliations { organisation { name } isPrimary version } } }`, { id: person.id });
    expect(listed.person.affiliations).toEqual([
      { organisation: { name: 'ANFIA' }, isPrimary: true, version: 1 },
      { organisation: { name: 'Brembo S.p.A.' }, isPrimary: false, version: 2 },
    ]);

    const updated = await ok(UPDATE_AFFILIATION, { id: atBrembo.id, v: 2, input: { jobTitle: 'Senior Engineer', department: 'Brakes' } });
    expect(updated.updateAffiliation).toMatchObject({ jobTitle: 'Senior Engineer', department: 'Brakes', isPrimary: false, version: 3 });
    const stale = await t.gql(UPDATE_AFFILIATION, { id: atBrembo.id, v: 2, input: { jobTitle: 'Lost' } }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 3 });

    const ended = await ok(END_AFFILIATION, { id: atBrembo.id, v: 3, endDate: '2024-03-31' });
    expect(ended.endAffiliation).toMatchObject({ endDate: '2024-03-31', isCurrent: false, version: 4 });
    const history = await ok(
      `query ($id: ID!) { person(id: $id) { current: affiliations { jobTitle } all: affiliations(includeEnded: true) { jobTitle endDate } } }`,
      { id: person.id },
    );
    expect(history.person.current).toEqual([{ jobTitle: 'Chair' }]);
    expect(history.person.all).toEqual([
      { jobTitle: 'Chair', endDate: null },
      { jobTitle: 'Senior Engineer', endDate: '2024-03-31' },
    ]);
    const people = await ok(`query ($org: ID!) { people(filter: { organisationId: $org, nameContains: "brambilla" }) { totalCount } }`, { org: brembo });
    expect(people.people.totalCount).toBe(0);
  });

  it('rejects bad affiliation changes with the field and leaves the rows as they were', async () => {
    const person = await createPerson({ givenName: 'Sara', familyName: 'Ferri' });
    const before = await countRows('affiliations');
    const cases: [string, Record<string, unknown>, string][] = [
      [ADD_AFFILIATION, { input: { personId: UNKNOWN_ID, organisationId: brembo } }, 'input.personId'],
      [ADD_AFFILIATION, { input: { personId: person.id, organisationId: UNKNOWN_ID } }, 'input.organisationId'],
      [ADD_AFFILIATION, { input: { personId: person.id, organisationId: brembo, startDate: '2024-05-13', endDate: '2024-05-12' } }, 'input.endDate'],
      [ADD_AFFILIATION, { input: { personId: person.id, organisationId: brembo, endDate: '13.05.2024' } }, 'input.endDate'],
    ];
    for (const [query, variables, field] of cases) {
      const res = await t.gql(query, variables, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await countRows('affiliations')).toBe(before);

    const added = (await ok(ADD_AFFILIATION, { input: { personId: person.id, organisationId: brembo, startDate: '2024-05-13' } })).addAffiliation;
    const early = await t.gql(END_AFFILIATION, { id: added.id, v: 1, endDate: '2024-05-01' }, staff);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endDate' });
    const cleared = await t.gql(UPDATE_AFFILIATION, { id: added.id, v: 1, input: { isPrimary: null } }, staff);
    expect(cleared.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.isPrimary' });
    const missing = await t.gql(END_AFFILIATION, { id: UNKNOWN_ID, v: 1, endDate: '2024-05-01' }, staff);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const row = await ok(`query ($id: ID!) { person(id: $id) { affiliations { endDate isPrimary version } } }`, { id: person.id });
    expect(row.person.affiliations).toEqual([{ endDate: null, isPrimary: false, version: 1 }]);
  });

  it('answers NOT_FOUND for an unknown person and FORBIDDEN for a viewer writing', async () => {
    const missing = await t.gql(`query ($id: ID!) { person(id: $id) { id } }`, { id: UNKNOWN_ID }, staff);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const viewer = await t.userToken('VIEWER');
    const before = await countRows('people');
    const res = await t.gql(CREATE, { input: { givenName: 'Vera', familyName: 'Viewer' } }, viewer);
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await countRows('people')).toBe(before);
    const read = await t.gql(`{ people(first: 1) { totalCount } }`, {}, viewer);
    expect(read.errors).toBeUndefined();
  });

  it('pages through people by family name with cursors', async () => {
    for (const [givenName, familyName] of [['Öznur', 'Pagina-Zeta'], ['Anna', 'Pagina-Älpha'], ['Bruno', 'Pagina-Beta']]) {
      await createPerson({ givenName, familyName });
    }
    const query = `query ($after: String) { people(first: 2, after: $after, filter: { nameContains: "pagina" }) {
      totalCount edges { cursor node { familyName } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    const first = (await ok(query)).people;
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((e: any) => e.node.familyName)).toEqual(['Pagina-Älpha', 'Pagina-Beta']);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = (await ok(query, { after: first.pageInfo.endCursor })).people;
    expect(second.edges.map((e: any) => e.node.familyName)).toEqual(['Pagina-Zeta']);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const byUpdate = (await ok(`{ people(first: 3, orderBy: { field: UPDATED_AT, direction: DESC }, filter: { nameContains: "pagina" }) {
      edges { node { familyName } } } }`)).people;
    expect(byUpdate.edges.map((e: any) => e.node.familyName)).toEqual(['Pagina-Beta', 'Pagina-Älpha', 'Pagina-Zeta']);
  });

  it('reads affiliations, their people and organisations with the same number of SQL statements for 5 and for 50 people', async () => {
    const orgs = [await createOrganisation('Loader Org A'), await createOrganisation('Loader Org B')];
    for (let i = 0; i < 50; i += 1) {
      await createPerson({
        givenName: 'Loader',
        familyName: `Loadtest ${String(i).padStart(2, '0')}`,
        affiliations: [
          { organisationId: orgs[i % 2], isPrimary: true },
          { organisationId: orgs[(i + 1) % 2], startDate: '2001-01-01', endDate: '2002-01-01' },
        ],
      });
    }
    const query = (n: number) => `{ people(first: ${n}, filter: { nameContains: "loadtest" }) { edges { node {
      familyName
      affiliations { isPrimary person { familyName } organisation { name affiliations { id } } }
      history: affiliations(includeEnded: true) { endDate }
    } } } }`;
    const count = async (n: number) => {
      const { result, statements } = await t.queries.count(() => t.gql(query(n), {}, staff));
      expect(result.errors).toBeUndefined();
      expect(result.data.people.edges).toHaveLength(n);
      expect(result.data.people.edges[0].node.history).toHaveLength(2);
      return statements.filter((s) => !/^(START TRANSACTION|COMMIT)/.test(s)).length;
    };
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
    // user, page, current affiliations, all affiliations, people, organisations, the organisations' affiliations.
    // People and organisations are read from one list only: lists that resolve at different moments load in separate batches.
    expect(five).toBeLessThanOrEqual(7);
  });
});
