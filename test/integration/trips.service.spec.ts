import { SortDirection } from '../../src/common/graphql/sort-direction.enum';
import { OrganisationsService } from '../../src/organisations/organisations.service';
import { TripOrderField, TripsArgs } from '../../src/trips/dto/trips.args';
import { DelegateRole, TripKind } from '../../src/trips/trip.enums';
import { TripsService } from '../../src/trips/trips.service';
import { organisationInput } from '../factories/organisation.factory';
import { insertPerson, tripInput } from '../factories/trip.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { failureOf } from '../utils/failure';
import { calledAs, SYSTEM } from '../utils/viewer';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

function args(overrides: Partial<TripsArgs> = {}): TripsArgs {
  return Object.assign(new TripsArgs(), { first: 25, ...overrides });
}


describe('TripsService (real database)', () => {
  let t: TestApp;
  let service: TripsService;
  let organisations: OrganisationsService;
  const countTrips = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM trips`))[0].n);
  const countDelegates = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM trip_delegates`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    service = calledAs(SYSTEM, t.app.get(TripsService));
    organisations = calledAs(SYSTEM, t.app.get(OrganisationsService));
  });
  afterAll(() => t.close());

  describe('create', () => {
    it('creates a trip with destinations, organiser and delegation and reads it back', async () => {
      const wfs = await organisations.create(organisationInput({ name: 'Wirtschaftsförderung Sachsen' }));
      const minister = await insertPerson(t.dataSource, 'Martin', 'Dulig');
      const staff = await insertPerson(t.dataSource, 'Dirk', 'Vogel');
      const delegate = await insertPerson(t.dataSource, 'Anja', 'Böhme');
      const trip = await service.create(
        tripInput({
          name: 'Delegationsreise Lombardei und Emilia-Romagna',
          kind: TripKind.DELEGATION,
          startDate: '2024-05-13',
          endDate: '2024-05-16',
          destinations: [
            { city: 'Milano', country: 'IT' },
            { city: 'Bologna', country: 'IT' },
          ],
          organiserId: wfs.id,
          delegation: [
            { personId: staff, role: DelegateRole.STAFF },
            { personId: delegate, role: DelegateRole.DELEGATE },
            { personId: minister, role: DelegateRole.HEAD },
          ],
        }),
      );
      expect(trip).toMatchObject({
        name: 'Delegationsreise Lombardei und Emilia-Romagna',
        startDate: '2024-05-13',
        endDate: '2024-05-16',
        destinations: [
          { city: 'Milano', country: 'IT' },
          { city: 'Bologna', country: 'IT' },
        ],
        organiserId: wfs.id,
        version: 1,
        archivedAt: null,
      });
      expect(await service.getById(trip.id)).toEqual(trip);
      // HEAD first, then by role order, whatever order they were given in.
      expect(await service.delegatesOf([trip.id])).toEqual([
        { tripId: trip.id, personId: minister, role: DelegateRole.HEAD },
        { tripId: trip.id, personId: delegate, role: DelegateRole.DELEGATE },
        { tripId: trip.id, personId: staff, role: DelegateRole.STAFF },
      ]);
    });

    it('accepts a one-day trip and stores no destinations as an empty list', async () => {
      const trip = await service.create(tripInput({ startDate: '2024-06-01', endDate: '2024-06-01', destinations: undefined }));
      expect(trip).toMatchObject({ startDate: '2024-06-01', endDate: '2024-06-01', destinations: [] });
    });

    it.each([
      ['an end before the start', { startDate: '2024-05-16', endDate: '2024-05-13' }, 'input.endDate'],
      ['an unknown organiser', { organiserId: UNKNOWN_ID }, 'input.organiserId'],
    ])('rejects %s as BAD_USER_INPUT and writes nothing', async (_label, change, field) => {
      const before = await countTrips();
      expect(await failureOf(service.create(tripInput(change)))).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(await countTrips()).toBe(before);
    });

    it('rejects an unknown or repeated delegate naming the entry, and writes nothing', async () => {
      const known = await insertPerson(t.dataSource);
      const [trips, delegates] = [await countTrips(), await countDelegates()];
      expect(
        await failureOf(
          service.create(
            tripInput({
              delegation: [
                { personId: known, role: DelegateRole.HEAD },
                { personId: UNKNOWN_ID, role: DelegateRole.DELEGATE },
              ],
            }),
          ),
        ),
      ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.delegation.1.personId' });
      expect(
        await failureOf(
          service.create(
            tripInput({
              delegation: [
                { personId: known, role: DelegateRole.HEAD },
                { personId: known, role: DelegateRole.STAFF },
              ],
            }),
          ),
        ),
      ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.delegation.1.personId' });
      expect([await countTrips(), await countDelegates()]).toEqual([trips, delegates]);
    });
  });

  describe('update', () => {
    it('changes fields, bumps the version and clears destinations to an empty list', async () => {
      const trip = await service.create(tripInput());
      const updated = await service.update(trip.id, 1, { name: 'Neuer Name', destinations: null, objectives: null });
      expect(updated).toMatchObject({ name: 'Neuer Name', destinations: [], objectives: null, version: 2, startDate: '2024-05-13' });
    });

    it('answers CONFLICT for a stale version and changes nothing', async () => {
      const trip = await service.create(tripInput({ name: 'Original' }));
      await service.update(trip.id, 1, { name: 'Erste Änderung' });
      expect(await failureOf(service.update(trip.id, 1, { name: 'Verlorene Änderung' }))).toEqual({
        code: 'CONFLICT',
        field: 'expectedVersion',
      });
      expect(await service.getById(trip.id)).toMatchObject({ name: 'Erste Änderung', version: 2 });
    });

    it('checks the date order against the stored dates and changes nothing on failure', async () => {
      const trip = await service.create(tripInput({ startDate: '2024-05-13', endDate: '2024-05-16' }));
      expect(await failureOf(service.update(trip.id, 1, { endDate: '2024-05-12' }))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.endDate',
      });
      expect(await failureOf(service.update(trip.id, 1, { startDate: '2024-05-17', name: 'x' }))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.startDate',
      });
      expect(await service.getById(trip.id)).toMatchObject({ endDate: '2024-05-16', version: 1 });
      expect(await service.update(trip.id, 1, { startDate: '2024-05-20', endDate: '2024-05-22' })).toMatchObject({
        startDate: '2024-05-20',
        endDate: '2024-05-22',
        version: 2,
      });
    });

    it.each(['name', 'kind', 'startDate', 'endDate'] as const)('refuses to clear %s', async (field) => {
      const trip = await service.create(tripInput());
      expect(await failureOf(service.update(trip.id, 1, { [field]: null }))).toEqual({
        code: 'BAD_USER_INPUT',
        field: `input.${field}`,
      });
    });

    it('rejects an unknown organiser and answers NOT_FOUND for an unknown trip', async () => {
      const trip = await service.create(tripInput());
      expect(await failureOf(service.update(trip.id, 1, { organiserId: UNKNOWN_ID }))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.organiserId',
      });
      expect((await failureOf(service.update(UNKNOWN_ID, 1, { name: 'x' }))).code).toBe('NOT_FOUND');
    });
  });

  describe('delegation', () => {
    it('adds a delegate, changes their role, and removes them (twice harmlessly)', async () => {
      const trip = await service.create(tripInput());
      const person = await insertPerson(t.dataSource);
      await service.setDelegate(trip.id, person, DelegateRole.DELEGATE);
      expect(await service.delegatesOf([trip.id])).toEqual([{ tripId: trip.id, personId: person, role: DelegateRole.DELEGATE }]);
      await service.setDelegate(trip.id, person, DelegateRole.HEAD);
      expect(await service.delegatesOf([trip.id])).toEqual([{ tripId: trip.id, personId: person, role: DelegateRole.HEAD }]);
      await service.removeDelegate(trip.id, person);
      await service.removeDelegate(trip.id, person);
      expect(await service.delegatesOf([trip.id])).toEqual([]);
    });

    it('rejects an unknown person and an unknown trip', async () => {
      const trip = await service.create(tripInput());
      const person = await insertPerson(t.dataSource);
      expect(await failureOf(service.setDelegate(trip.id, UNKNOWN_ID, DelegateRole.STAFF))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'personId',
      });
      expect(await failureOf(service.setDelegate(UNKNOWN_ID, person, DelegateRole.STAFF))).toEqual({
        code: 'NOT_FOUND',
        field: 'tripId',
      });
      expect(await failureOf(service.removeDelegate(UNKNOWN_ID, person))).toEqual({ code: 'NOT_FOUND', field: 'tripId' });
    });

    it('orders each delegation by role, then by folded name', async () => {
      const trip = await service.create(tripInput());
      const zeller = await insertPerson(t.dataSource, 'Uwe', 'Zeller');
      const oehler = await insertPerson(t.dataSource, 'Ute', 'Öhler');
      const adam = await insertPerson(t.dataSource, 'Eva', 'Adam');
      for (const person of [zeller, oehler, adam]) await service.setDelegate(trip.id, person, DelegateRole.DELEGATE);
      expect((await service.delegatesOf([trip.id])).map((d) => d.personId)).toEqual([adam, oehler, zeller]);
    });
  });

  it('checks that trips exist inside a transaction', async () => {
    const trip = await service.create(tripInput());
    await t.dataSource.transaction(async (db) => {
      await expect(service.assertExist([trip.id, trip.id], 'input.tripId', db)).resolves.toBeUndefined();
      expect(await failureOf(service.assertExist([trip.id, UNKNOWN_ID], 'input.tripId', db))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.tripId',
      });
    });
  });

  describe('archive and restore', () => {
    it('hides archived trips from lists unless asked, and restores them', async () => {
      const trip = await service.create(tripInput({ name: 'Archivierbare Reise' }));
      const archived = await service.setArchived(trip.id, true);
      expect(archived.archivedAt).toBeInstanceOf(Date);
      expect(await service.setArchived(trip.id, true)).toMatchObject({ version: 2 });
      const hidden = await service.list(args({ filter: { nameContains: 'archivierbare', includeArchived: false } }));
      expect(hidden.edges).toHaveLength(0);
      const shown = await service.list(args({ filter: { nameContains: 'archivierbare', includeArchived: true } }));
      expect(shown.edges.map((e) => e.node.id)).toEqual([trip.id]);
      expect(await service.setArchived(trip.id, false)).toMatchObject({ archivedAt: null, version: 3 });
    });
  });

  describe('search, filters, order and keyset pages', () => {
    let ids: Record<string, string>;

    beforeAll(async () => {
      ids = {};
      for (const [name, kind, startDate, endDate, countries] of [
        ['Listen: Città e Motori', TripKind.DELEGATION, '2024-05-13', '2024-05-16', ['IT']],
        ['Listen: Hannover Messe', TripKind.TRADE_FAIR, '2024-04-22', '2024-04-26', ['DE']],
        ['Listen: Besuch aus Brno', TripKind.INCOMING_VISIT, '2024-06-03', '2024-06-03', ['DE']],
        ['Listen: Alpenkonferenz', TripKind.CONFERENCE, '2024-05-16', '2024-05-18', ['AT', 'IT']],
        ['Listen: Ältere Reise', TripKind.DELEGATION, '2023-09-01', '2023-09-05', ['FR']],
      ] as const) {
        const trip = await service.create(
          tripInput({ name, kind, startDate, endDate, destinations: countries.map((country) => ({ city: 'X', country })) }),
        );
        ids[name] = trip.id;
      }
    });

    const names = async (filter: Partial<TripsArgs['filter']>, orderBy?: TripsArgs['orderBy']) =>
      (await service.list(args({ first: 100, filter: { includeArchived: false, nameContains: 'listen:', ...filter }, orderBy }))).edges.map(
        (e) => e.node.name,
      );

    it('finds names case- and accent-insensitively', async () => {
      expect(await names({ nameContains: 'CITTA' })).toEqual(['Listen: Città e Motori']);
      expect(await names({ nameContains: 'altere' })).toEqual(['Listen: Ältere Reise']);
      expect(await names({ nameContains: '100%' })).toEqual([]);
    });

    it('orders by start date, latest first, by default', async () => {
      expect(await names({})).toEqual([
        'Listen: Besuch aus Brno',
        'Listen: Alpenkonferenz',
        'Listen: Città e Motori',
        'Listen: Hannover Messe',
        'Listen: Ältere Reise',
      ]);
      expect(await names({}, { field: TripOrderField.START_DATE, direction: SortDirection.ASC })).toEqual([
        'Listen: Ältere Reise',
        'Listen: Hannover Messe',
        'Listen: Città e Motori',
        'Listen: Alpenkonferenz',
        'Listen: Besuch aus Brno',
      ]);
    });

    it('orders by folded name, A to Z by default', async () => {
      expect(await names({}, { field: TripOrderField.NAME })).toEqual([
        'Listen: Alpenkonferenz',
        'Listen: Ältere Reise',
        'Listen: Besuch aus Brno',
        'Listen: Città e Motori',
        'Listen: Hannover Messe',
      ]);
    });

    it('filters by kind, by destination country and by overlap with a date window', async () => {
      expect(await names({ kind: TripKind.DELEGATION })).toEqual(['Listen: Città e Motori', 'Listen: Ältere Reise']);
      expect(await names({ country: 'IT' })).toEqual(['Listen: Alpenkonferenz', 'Listen: Città e Motori']);
      // 16 May: the Milan trip ends that day and the conference starts that day; both overlap.
      expect(await names({ from: '2024-05-16', to: '2024-05-16' })).toEqual(['Listen: Alpenkonferenz', 'Listen: Città e Motori']);
      expect(await names({ from: '2024-05-17' })).toEqual(['Listen: Besuch aus Brno', 'Listen: Alpenkonferenz']);
      expect(await names({ to: '2024-04-22' })).toEqual(['Listen: Hannover Messe', 'Listen: Ältere Reise']);
      const page = await service.list(args({ filter: { nameContains: 'listen:', country: 'DE', includeArchived: false } }));
      expect(await page.totalCount).toBe(2);
    });

    it('rejects a window that ends before it starts', async () => {
      expect(await failureOf(service.list(args({ filter: { from: '2024-05-10', to: '2024-05-01', includeArchived: false } })))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'filter.to',
      });
    });

    it('walks every page exactly once in both orders and directions', async () => {
      const total = await (await service.list(args())).totalCount;
      expect(total).toBeGreaterThanOrEqual(5);
      for (const field of [TripOrderField.START_DATE, TripOrderField.NAME]) {
        for (const direction of [SortDirection.ASC, SortDirection.DESC]) {
          const seen: string[] = [];
          let after: string | undefined;
          for (;;) {
            const page = await service.list(args({ first: 2, after, orderBy: { field, direction } }));
            seen.push(...page.edges.map((e) => e.node.id));
            if (!page.pageInfo.hasNextPage) break;
            after = page.pageInfo.endCursor!;
          }
          expect(seen).toHaveLength(total);
          expect(new Set(seen).size).toBe(total);
        }
      }
    });

    it('rejects a malformed cursor as BAD_USER_INPUT on after', async () => {
      expect(await failureOf(service.list(args({ after: 'nonsense' })))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    });
  });
});
