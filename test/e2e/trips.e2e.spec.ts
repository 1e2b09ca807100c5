import { insertPerson, TRIP_FIELDS } from '../factories/trip.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const CREATE = `mutation ($input: CreateTripInput!) { createTrip(input: $input) { ${TRIP_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateTripInput!) {
  updateTrip(id: $id, expectedVersion: $v, input: $input) { id name startDate endDate version } }`;
const DELEGATION = `query ($id: ID!) { trip(id: $id) { delegation { role person { familyName } } } }`;

describe('Trips (GraphQL)', () => {
  let t: TestApp;
  let staff: string;

  const create = async (input: Record<string, unknown>) => {
    const res = await t.gql(CREATE, { input }, staff);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createTrip;
  };
  const countRows = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM trips`))[0].n);
  const valid = { name: 'Delegationsreise Mailand', kind: 'DELEGATION', startDate: '2024-05-13', endDate: '2024-05-16' };

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.userToken('STAFF');
  });
  afterAll(() => t.close());

  it('creates, reads, updates, archives and restores a trip with its organiser and delegation', async () => {
    const organiser = await t.gql(`mutation { createOrganisation(input: { name: "WFS", kind: NETWORK }) { id } }`, {}, staff);
    const head = await insertPerson(t.dataSource, 'Martin', 'Dulig');
    const delegate = await insertPerson(t.dataSource, 'Anja', 'Böhme');
    const trip = await create({
      ...valid,
      destinations: [
        { city: ' Milano ', country: 'it' },
        { city: 'Bologna', country: 'IT' },
      ],
      organiserId: organiser.data.createOrganisation.id,
      objectives: '  Zulieferkontakte  ',
      delegation: [
        { personId: delegate, role: 'DELEGATE' },
        { personId: head, role: 'HEAD' },
      ],
    });
    expect(trip).toMatchObject({
      destinations: [
        { city: 'Milano', country: 'IT' },
        { city: 'Bologna', country: 'IT' },
      ],
      objectives: 'Zulieferkontakte',
      version: 1,
    });

    const read = await t.gql(
      `query ($id: ID!) { trip(id: $id) { name organiser { name } delegation { personId role person { givenName familyName } } programme { id } } }`,
      { id: trip.id },
      staff,
    );
    expect(read.data.trip).toEqual({
      name: 'Delegationsreise Mailand',
      organiser: { name: 'WFS' },
      delegation: [
        { personId: head, role: 'HEAD', person: { givenName: 'Martin', familyName: 'Dulig' } },
        { personId: delegate, role: 'DELEGATE', person: { givenName: 'Anja', familyName: 'Böhme' } },
      ],
      programme: [],
    });

    const updated = await t.gql(UPDATE, { id: trip.id, v: 1, input: { name: 'Reise Mailand und Bologna', endDate: '2024-05-17' } }, staff);
    expect(updated.data.updateTrip).toMatchObject({ name: 'Reise Mailand und Bologna', endDate: '2024-05-17', version: 2 });
    const stale = await t.gql(UPDATE, { id: trip.id, v: 1, input: { name: 'Verloren' } }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 });

    const archived = await t.gql(`mutation ($id: ID!) { archiveTrip(id: $id) { archivedAt } }`, { id: trip.id }, staff);
    expect(archived.data.archiveTrip.archivedAt).toEqual(expect.any(String));
    const hidden = await t.gql(`{ trips(filter: { nameContains: "mailand und" }) { totalCount } }`, {}, staff);
    expect(hidden.data.trips.totalCount).toBe(0);
    const shown = await t.gql(`{ trips(filter: { nameContains: "mailand und", includeArchived: true }) { totalCount } }`, {}, staff);
    expect(shown.data.trips.totalCount).toBe(1);
    const restored = await t.gql(`mutation ($id: ID!) { restoreTrip(id: $id) { archivedAt } }`, { id: trip.id }, staff);
    expect(restored.data.restoreTrip.archivedAt).toBeNull();
  });

  it('sets, changes and removes delegates', async () => {
    const trip = await create(valid);
    const person = await insertPerson(t.dataSource, 'Dirk', 'Vogel');
    const set = `mutation ($trip: ID!, $person: ID!, $role: DelegateRole!) {
      setTripDelegate(tripId: $trip, personId: $person, role: $role) { id delegation { role person { familyName } } } }`;
    const added = await t.gql(set, { trip: trip.id, person, role: 'STAFF' }, staff);
    expect(added.data.setTripDelegate.delegation).toEqual([{ role: 'STAFF', person: { familyName: 'Vogel' } }]);
    const changed = await t.gql(set, { trip: trip.id, person, role: 'ORGANISER' }, staff);
    expect(changed.data.setTripDelegate.delegation).toEqual([{ role: 'ORGANISER', person: { familyName: 'Vogel' } }]);
    const unknownPerson = await t.gql(set, { trip: trip.id, person: UNKNOWN_ID, role: 'STAFF' }, staff);
    expect(unknownPerson.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personId' });
    const unknownTrip = await t.gql(set, { trip: UNKNOWN_ID, person, role: 'STAFF' }, staff);
    expect(unknownTrip.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'tripId' });

    const remove = `mutation ($trip: ID!, $person: ID!) { removeTripDelegate(tripId: $trip, personId: $person) { delegation { role } } }`;
    const removed = await t.gql(remove, { trip: trip.id, person }, staff);
    expect(removed.data.removeTripDelegate.delegation).toEqual([]);
    expect((await t.gql(DELEGATION, { id: trip.id }, staff)).data.trip.delegation).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown id and FORBIDDEN for a viewer', async () => {
    const missing = await t.gql(`{ trip(id: "${UNKNOWN_ID}") { id } }`, {}, staff);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const viewer = await t.userToken('VIEWER');
    const before = await countRows();
    const res = await t.gql(CREATE, { input: valid }, viewer);
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await countRows()).toBe(before);
    const read = await t.gql(`{ trips { totalCount } }`, {}, viewer);
    expect(read.errors).toBeUndefined();
  });

  describe('rejects bad input with BAD_USER_INPUT naming the field, writing nothing', () => {
    it.each([
      ['an empty name', { name: '  ' }, 'input.name'],
      ['an impossible start date', { startDate: '2024-02-30' }, 'input.startDate'],
      ['a German date', { endDate: '16.05.2024' }, 'input.endDate'],
      ['an end before the start', { endDate: '2024-05-12' }, 'input.endDate'],
      ['a destination country "XX"', { destinations: [{ city: 'Milano', country: 'IT' }, { city: 'Atlantis', country: 'XX' }] }, 'input.destinations.1.country'],
      ['a destination without a city', { destinations: [{ city: ' ', country: 'IT' }] }, 'input.destinations.0.city'],
      ['an unknown organiser', { organiserId: UNKNOWN_ID }, 'input.organiserId'],
      ['a malformed delegate id', { delegation: [{ personId: 'abc', role: 'HEAD' }] }, 'input.delegation.0.personId'],
      ['an unknown delegate', { delegation: [{ personId: UNKNOWN_ID, role: 'HEAD' }] }, 'input.delegation.0.personId'],
    ])('%s', async (_label, change, field) => {
      const before = await countRows();
      const res = await t.gql(CREATE, { input: { ...valid, ...change } }, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.status).toBeLessThan(500);
      expect(await countRows()).toBe(before);
    });

    it('an unknown kind or role', async () => {
      const kind = await t.gql(CREATE, { input: { ...valid, kind: 'HOLIDAY' } }, staff);
      expect(kind.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      const role = await t.gql(CREATE, { input: { ...valid, delegation: [{ personId: UNKNOWN_ID, role: 'KING' }] } }, staff);
      expect(role.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('an update that would end the trip before it starts, leaving it unchanged', async () => {
      const trip = await create(valid);
      const res = await t.gql(UPDATE, { id: trip.id, v: 1, input: { startDate: '2024-05-20', name: 'Anders' } }, staff);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.startDate' });
      const after = await t.gql(`query ($id: ID!) { trip(id: $id) { name startDate version } }`, { id: trip.id }, staff);
      expect(after.data.trip).toEqual({ name: valid.name, startDate: '2024-05-13', version: 1 });
    });

    it('a filter with a bad country or date', async () => {
      const country = await t.gql(`{ trips(filter: { country: "XX" }) { totalCount } }`, {}, staff);
      expect(country.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.country' });
      const date = await t.gql(`{ trips(filter: { from: "2024-13-01" }) { totalCount } }`, {}, staff);
      expect(date.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.from' });
    });
  });

  it('filters and pages through a Relay connection, latest start first', async () => {
    for (const [name, startDate, country] of [
      ['Seite: Frühling', '2025-03-10', 'IT'],
      ['Seite: Sommer', '2025-07-01', 'IT'],
      ['Seite: Herbst', '2025-10-01', 'FR'],
    ]) {
      await create({ ...valid, name, startDate, endDate: startDate, destinations: [{ city: 'X', country }] });
    }
    const query = `query ($after: String) { trips(first: 2, after: $after, filter: { nameContains: "seite:" }) {
      totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    const first = (await t.gql(query, {}, staff)).data.trips;
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((e: any) => e.node.name)).toEqual(['Seite: Herbst', 'Seite: Sommer']);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = (await t.gql(query, { after: first.pageInfo.endCursor }, staff)).data.trips;
    expect(second.edges.map((e: any) => e.node.name)).toEqual(['Seite: Frühling']);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    const filtered = await t.gql(
      `{ trips(filter: { nameContains: "seite:", country: "it", from: "2025-06-01", kind: DELEGATION }, orderBy: { field: NAME }) { edges { node { name } } } }`,
      {},
      staff,
    );
    expect(filtered.data.trips.edges.map((e: any) => e.node.name)).toEqual(['Seite: Sommer']);
  });

  it('reads organisers and delegations with the same number of SQL statements for 5 and for 50 trips', async () => {
    const organiser = (await t.gql(`mutation { createOrganisation(input: { name: "Loader Org", kind: NETWORK }) { id } }`, {}, staff)).data
      .createOrganisation.id;
    for (let i = 0; i < 50; i += 1) {
      const person = await insertPerson(t.dataSource, 'Lade', `Person ${i}`);
      await create({
        ...valid,
        name: `Loader Trip ${String(i).padStart(2, '0')}`,
        organiserId: organiser,
        delegation: [{ personId: person, role: 'DELEGATE' }],
      });
    }
    const query = (n: number) => `{ trips(first: ${n}, filter: { nameContains: "loader trip" }) {
      edges { node { name organiser { name } delegation { role person { familyName } } } } } }`;
    const count = async (n: number) => {
      const { result, statements } = await t.queries.count(() => t.gql(query(n), {}, staff));
      expect(result.errors).toBeUndefined();
      expect(result.data.trips.edges).toHaveLength(n);
      expect(result.data.trips.edges[0].node.delegation).toHaveLength(1);
      return statements.filter((s) => !/^(START TRANSACTION|COMMIT)/.test(s)).length;
    };
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
    // user lookup for the token, the page, organisers, delegations, people
    expect(five).toBeLessThanOrEqual(5);
  });
});
