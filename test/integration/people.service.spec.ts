import { LoaderRegistry } from '../../src/common/dataloader/loader-registry';
import { LiaisonException } from '../../src/common/errors/liaison.exception';
import { SortDirection } from '../../src/common/graphql/sort-direction.enum';
import { OrganisationsService } from '../../src/organisations/organisations.service';
import { AffiliationsService } from '../../src/people/affiliations.service';
import { PeopleArgs, PersonFilter, PersonOrderField } from '../../src/people/dto/people.args';
import { PeopleService } from '../../src/people/people.service';
import { Affiliation } from '../../src/people/person.model';
import { organisationInput } from '../factories/organisation.factory';
import { affiliationInput, emailInput, personInput, phoneInput } from '../factories/person.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { failureOf as codeOf } from '../utils/failure';
import { calledAs, SYSTEM } from '../utils/viewer';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

function args(overrides: Partial<PeopleArgs> = {}): PeopleArgs {
  return Object.assign(new PeopleArgs(), { first: 25, ...overrides });
}

function filter(overrides: Partial<PersonFilter>): PersonFilter {
  return Object.assign(new PersonFilter(), { includeArchived: false, ...overrides });
}


describe('PeopleService and AffiliationsService (real database)', () => {
  let t: TestApp;
  let people: PeopleService;
  let affiliations: AffiliationsService;
  let organisations: OrganisationsService;
  let brembo: string;
  let association: string;

  const countRows = async (table: string) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const affiliationsOf = (personId: string, includeEnded = false) =>
    affiliations.ofPeople(new LoaderRegistry(), includeEnded).load(personId);
  const affiliationById = async (id: string): Promise<Affiliation> =>
    (await t.dataSource.query(`SELECT id, is_primary AS "isPrimary", version FROM affiliations WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await createTestApp();
    people = calledAs(SYSTEM, t.app.get(PeopleService));
    affiliations = calledAs(SYSTEM, t.app.get(AffiliationsService));
    organisations = calledAs(SYSTEM, t.app.get(OrganisationsService));
    brembo = (await organisations.create(organisationInput({ name: 'Brembo S.p.A.', country: 'IT' }))).id;
    association = (await organisations.create(organisationInput({ name: 'ANFIA', country: 'IT' }))).id;
  });
  afterAll(() => t.close());

  describe('create', () => {
    it('stores every field: emails lower-cased with the primary first, phones in E.164', async () => {
      const person = await people.create(
        personInput({
          title: 'Ing.',
          givenName: 'Luca',
          familyName: "Dell'Acqua",
          emails: [
            emailInput('luca.dellacqua@gmail.example', { label: 'private' }),
            emailInput('L.DellAcqua@Brembo.example', { label: 'work', primary: true }),
          ],
          phones: [
            phoneInput('+39 0522 1234567', { label: 'office' }),
            phoneInput('347 123 4567', { defaultCountry: 'IT', label: 'mobile', primary: true }),
          ],
          preferredLanguage: 'it',
          background: 'Met at the Brembo plant in Curno',
        }),
      );
      expect(person).toMatchObject({
        title: 'Ing.',
        givenName: 'Luca',
        familyName: "Dell'Acqua",
        emails: [
          { address: 'l.dellacqua@brembo.example', label: 'work', primary: true },
          { address: 'luca.dellacqua@gmail.example', label: 'private', primary: false },
        ],
        phones: [
          { number: '+393471234567', label: 'mobile', primary: true },
          { number: '+3905221234567', label: 'office', primary: false },
        ],
        preferredLanguage: 'it',
        version: 1,
        archivedAt: null,
      });
      expect(await people.getById(person.id)).toEqual(person);
    });

    it('makes the first address and number primary when none is marked', async () => {
      const person = await people.create(
        personInput({ emails: [emailInput('a@wfs.example'), emailInput('b@wfs.example')], phones: [phoneInput('+49 351 1234567')] }),
      );
      expect(person.emails.map((e) => e.primary)).toEqual([true, false]);
      expect(person.phones).toEqual([{ number: '+493511234567', label: null, primary: true }]);
    });

    it.each([
      ['two primary emails', { emails: [emailInput('a@x.example', { primary: true }), emailInput('b@x.example', { primary: true })] }, 'input.emails.1.primary'],
      ['the same address twice, in another case', { emails: [emailInput('a@x.example'), emailInput('A@X.example')] }, 'input.emails.1.address'],
      ['two primary phones', { phones: [phoneInput('+49 351 1234567', { primary: true }), phoneInput('+49 351 7654321', { primary: true })] }, 'input.phones.1.primary'],
      ['an invalid phone number', { phones: [phoneInput('+49 351 1234567'), phoneInput('12345')] }, 'input.phones.1.number'],
      ['a local number without defaultCountry', { phones: [phoneInput('0522 1234567')] }, 'input.phones.0.number'],
      ['the same number written twice', { phones: [phoneInput('+39 0522 1234567'), phoneInput('0522 1234567', { defaultCountry: 'IT' })] }, 'input.phones.1.number'],
    ])('rejects %s with BAD_USER_INPUT naming the field, writing nothing', async (_label, change, field) => {
      const before = await countRows('people');
      expect(await codeOf(people.create(personInput(change)))).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(await countRows('people')).toBe(before);
    });

    it('creates the initial affiliations with the person', async () => {
      const person = await people.create(
        personInput({
          familyName: 'Rossi',
          affiliations: [
            { organisationId: brembo, jobTitle: 'Head of R&D', department: 'Braking systems', startDate: '2019-03-01', isPrimary: true },
            { organisationId: association, jobTitle: 'Board member', startDate: '2022-01-01', isPrimary: false },
          ],
        }),
      );
      const rows = await affiliationsOf(person.id);
      expect(rows).toEqual([
        expect.objectContaining({ organisationId: brembo, jobTitle: 'Head of R&D', department: 'Braking systems', isPrimary: true, isCurrent: true, startDate: '2019-03-01' }),
        expect.objectContaining({ organisationId: association, jobTitle: 'Board member', isPrimary: false, isCurrent: true }),
      ]);
    });

    // Builders, not values: the organisations exist only once beforeAll ran.
    it.each([
      ['an unknown organisation', () => [{ organisationId: brembo, isPrimary: false }, { organisationId: UNKNOWN_ID, isPrimary: false }], 'input.affiliations.1.organisationId'],
      ['an end before the start', () => [{ organisationId: brembo, startDate: '2024-05-13', endDate: '2024-05-12', isPrimary: false }], 'input.affiliations.0.endDate'],
      ['two primary affiliations', () => [{ organisationId: brembo, isPrimary: true }, { organisationId: association, isPrimary: true }], 'input.affiliations.1.isPrimary'],
    ])('rejects %s in the initial affiliations, writing neither person nor affiliation', async (_label, list, field) => {
      const before = [await countRows('people'), await countRows('affiliations')];
      expect(await codeOf(people.create(personInput({ affiliations: list() })))).toEqual({ code: 'BAD_USER_INPUT', field });
      expect([await countRows('people'), await countRows('affiliations')]).toEqual(before);
    });
  });

  describe('createIn and assertExist, inside another feature\'s transaction', () => {
    it('reports fields relative to the person input, or under the path the caller gives', async () => {
      const input = personInput({ affiliations: [{ organisationId: UNKNOWN_ID, isPrimary: false }] });
      expect(await codeOf(t.dataSource.transaction((db) => people.createIn(db, input)))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'affiliations.0.organisationId',
      });
      for (const at of ['input.newContacts.2', 'input.newContacts.2.']) {
        expect(await codeOf(t.dataSource.transaction((db) => people.createIn(db, input, at)))).toEqual({
          code: 'BAD_USER_INPUT',
          field: 'input.newContacts.2.affiliations.0.organisationId',
        });
      }
      const badPhone = personInput({ phones: [phoneInput('not a number')] });
      expect(await codeOf(t.dataSource.transaction((db) => people.createIn(db, badPhone)))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'phones.0.number',
      });
    });

    it('uses only the caller\'s transaction: committed with it, rolled back with it', async () => {
      // On PGlite (one connection) a query outside `db` would hang here.
      const committed = await t.dataSource.transaction(async (db) => {
        const person = await people.createIn(db, personInput({ familyName: 'Committed', affiliations: [{ organisationId: brembo, isPrimary: true }] }));
        await people.assertExist([person.id], 'input.participants.0.personId', db);
        expect((await people.findByIds([person.id], db)).map((p) => p.id)).toEqual([person.id]);
        return person;
      });
      expect((await affiliationsOf(committed.id)).map((a) => a.isPrimary)).toEqual([true]);

      const before = [await countRows('people'), await countRows('affiliations')];
      await expect(
        t.dataSource.transaction(async (db) => {
          await people.createIn(db, personInput({ familyName: 'RolledBack', affiliations: [{ organisationId: brembo, isPrimary: true }] }));
          throw new Error('the meeting failed later');
        }),
      ).rejects.toThrow('the meeting failed later');
      expect([await countRows('people'), await countRows('affiliations')]).toEqual(before);
    });

    it('assertExist names the field for an unknown id and passes for known ones, archived included', async () => {
      const person = await people.create(personInput());
      await people.setArchived(person.id, true);
      await t.dataSource.transaction((db) => people.assertExist([person.id, person.id], 'input.participants.0.personId', db));
      expect(
        await codeOf(t.dataSource.transaction((db) => people.assertExist([person.id, UNKNOWN_ID], 'input.participants.1.personId', db))),
      ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.participants.1.personId' });
    });
  });

  describe('update, optimistic concurrency, archive', () => {
    it('applies an update with the current version; null clears, omitted stays, emails replace the list', async () => {
      const person = await people.create(
        personInput({ title: 'Dr.', background: 'old', emails: [emailInput('old@x.example')], phones: [phoneInput('+49 351 1234567')] }),
      );
      const updated = await people.update(person.id, 1, { title: null, emails: [emailInput('New@X.example')], phones: null });
      expect(updated).toMatchObject({
        title: null,
        background: 'old',
        emails: [{ address: 'new@x.example', label: null, primary: true }],
        phones: [],
        version: 2,
      });
    });

    it('answers CONFLICT for a stale version and changes nothing', async () => {
      const person = await people.create(personInput({ background: 'first' }));
      await people.update(person.id, 1, { background: 'second' });
      expect(await codeOf(people.update(person.id, 1, { background: 'lost' }))).toEqual({ code: 'CONFLICT', field: 'expectedVersion' });
      expect(await people.getById(person.id)).toMatchObject({ background: 'second', version: 2 });
    });

    it('lets exactly 1 of 20 concurrent updates with the same version apply', async () => {
      const person = await people.create(personInput());
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => people.update(person.id, 1, { background: `writer ${i}` })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected' && (r.reason as LiaisonException).code === 'CONFLICT')).toHaveLength(19);
      expect((await people.getById(person.id)).version).toBe(2);
    });

    it('refuses to clear a name, and validates emails and phones with the update path', async () => {
      const person = await people.create(personInput());
      expect(await codeOf(people.update(person.id, 1, { familyName: null as unknown as string }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.familyName' });
      expect(await codeOf(people.update(person.id, 1, { phones: [phoneInput('999')] }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.phones.0.number' });
      expect((await people.getById(person.id)).version).toBe(1);
    });

    it('answers NOT_FOUND for an unknown id', async () => {
      expect((await codeOf(people.update(UNKNOWN_ID, 1, { background: 'x' }))).code).toBe('NOT_FOUND');
      expect((await codeOf(people.getById(UNKNOWN_ID))).code).toBe('NOT_FOUND');
    });

    it('hides archived people from lists unless asked, and restores them', async () => {
      const person = await people.create(personInput({ familyName: 'Archivierbar' }));
      const archived = await people.setArchived(person.id, true);
      expect(archived.archivedAt).toBeInstanceOf(Date);
      expect((await people.list(args({ filter: filter({ nameContains: 'archivierbar' }) }))).edges).toHaveLength(0);
      const shown = await people.list(args({ filter: filter({ nameContains: 'archivierbar', includeArchived: true }) }));
      expect(shown.edges.map((e) => e.node.id)).toEqual([person.id]);
      expect(await people.setArchived(person.id, true)).toMatchObject({ version: 2 });
      const restored = await people.setArchived(person.id, false);
      expect(restored).toMatchObject({ archivedAt: null, version: 3 });
    });
  });

  describe('search, filters, order and keyset pages', () => {
    const ids: Record<string, string> = {};
    let ended: string;

    beforeAll(async () => {
      for (const [givenName, familyName] of [
        ['Ulrike', 'Queck-Hänel'],
        ['Nicolò', "D'Amico"],
        ['Éva', 'Zúñiga'],
        ['Öznur', 'Abel'],
        ['Chiara', 'Dalla Costa'],
      ]) {
        ids[familyName] = (await people.create(personInput({ givenName, familyName, emails: [emailInput(`${givenName.normalize('NFD').replace(/\p{M}/gu, '')}@search.example`)] }))).id;
      }
      ended = (await organisations.create(organisationInput({ name: 'Former Employer' }))).id;
      await affiliations.add(affiliationInput(ids["D'Amico"], brembo, { isPrimary: true }));
      await affiliations.add(affiliationInput(ids['Abel'], brembo, { startDate: '2010-01-01', endDate: '2015-12-31' }));
      await affiliations.add(affiliationInput(ids['Abel'], ended, { startDate: '2010-01-01', endDate: '2015-12-31' }));
    });

    const names = async (f: Partial<PersonFilter>) =>
      (await people.list(args({ first: 100, filter: filter(f) }))).edges.map((e) => e.node.familyName);

    it('finds names case- and accent-insensitively, word by word', async () => {
      expect(await names({ nameContains: 'hanel' })).toEqual(['Queck-Hänel']);
      expect(await names({ nameContains: 'QUECK-HÄNEL' })).toEqual(['Queck-Hänel']);
      expect(await names({ nameContains: "d'amico" })).toEqual(["D'Amico"]);
      expect(await names({ nameContains: 'nicolo' })).toEqual(["D'Amico"]);
      expect(await names({ nameContains: 'Nicolo\u0300' })).toEqual(["D'Amico"]);
      expect(await names({ nameContains: 'nicolò amico' })).toEqual(["D'Amico"]);
      expect(await names({ nameContains: 'zuniga eva' })).toEqual(['Zúñiga']);
      expect(await names({ nameContains: '100%' })).toEqual([]);
      expect(await names({ nameContains: 'd_amico' })).toEqual([]);
    });

    it('sorts by family name, then given name, with umlauts and accents under their base letters', async () => {
      const all = await names({});
      const mine = all.filter((n) => Object.keys(ids).includes(n));
      // Issue 14: the apostrophe no longer counts ("D'Amico" sorts as "DAmico", beside its other spellings), so Dalla comes first.
      expect(mine).toEqual(['Abel', 'Dalla Costa', "D'Amico", 'Queck-Hänel', 'Zúñiga']);
      const descending = (await people.list(args({ first: 100, orderBy: { field: PersonOrderField.NAME, direction: SortDirection.DESC } }))).edges
        .map((e) => e.node.familyName)
        .filter((n) => Object.keys(ids).includes(n));
      expect(descending).toEqual([...mine].reverse());
    });

    it('finds a person by any of their addresses, exactly and ignoring case', async () => {
      const person = await people.create(personInput({ familyName: 'Mailbar', emails: [emailInput('first@mail.example'), emailInput('Second@Mail.example')] }));
      expect(await names({ email: 'second@mail.example' })).toEqual(['Mailbar']);
      expect(await names({ email: 'SECOND@MAIL.EXAMPLE' })).toEqual(['Mailbar']);
      expect(await names({ email: 'second@mail' })).toEqual([]);
      await people.setArchived(person.id, true);
      expect(await names({ email: 'first@mail.example' })).toEqual([]);
      expect(await names({ email: 'first@mail.example', includeArchived: true })).toEqual(['Mailbar']);
    });

    it('filters by current affiliation at an organisation', async () => {
      const atBrembo = await names({ organisationId: brembo });
      expect(atBrembo).toContain("D'Amico");
      expect(atBrembo).not.toContain('Abel');
      expect(await names({ organisationId: ended })).toEqual([]);
      expect(await names({ organisationId: brembo, nameContains: 'nicolo' })).toEqual(["D'Amico"]);
    });

    it('counts the whole filtered set', async () => {
      const page = await people.list(args({ first: 1, filter: filter({ nameContains: 'a' }) }));
      expect(page.edges).toHaveLength(1);
      expect(await page.totalCount).toBeGreaterThan(1);
    });

    it('walks every page exactly once in both orders and directions', async () => {
      const total = await (await people.list(args())).totalCount;
      for (const field of [PersonOrderField.NAME, PersonOrderField.UPDATED_AT]) {
        for (const direction of [SortDirection.ASC, SortDirection.DESC]) {
          const seen: string[] = [];
          let after: string | undefined;
          for (;;) {
            const page = await people.list(args({ first: 4, after, orderBy: { field, direction } }));
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
      expect(await codeOf(people.list(args({ after: 'garbage' })))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    });
  });

  describe('affiliations', () => {
    it('keeps at most one primary current affiliation: marking one unmarks the others', async () => {
      const person = await people.create(personInput({ familyName: 'Bianchi' }));
      const first = await affiliations.add(affiliationInput(person.id, brembo, { isPrimary: true }));
      const second = await affiliations.add(affiliationInput(person.id, association, { isPrimary: true }));
      expect(second).toMatchObject({ isPrimary: true, isCurrent: true, version: 1 });
      expect(await affiliationById(first.id)).toMatchObject({ isPrimary: false, version: 2 });

      const back = await affiliations.update(first.id, 2, { isPrimary: true, jobTitle: 'CTO' });
      expect(back).toMatchObject({ isPrimary: true, jobTitle: 'CTO', version: 3 });
      expect(await affiliationById(second.id)).toMatchObject({ isPrimary: false, version: 2 });
      expect((await affiliationsOf(person.id)).map((a) => [a.organisationId, a.isPrimary])).toEqual([
        [brembo, true],
        [association, false],
      ]);
    });

    it('leaves an ended primary as history, and unmarks the others when it is reopened', async () => {
      const person = await people.create(personInput());
      const old = await affiliations.add(affiliationInput(person.id, association, { isPrimary: true, startDate: '2010-01-01', endDate: '2014-06-30' }));
      const now = await affiliations.add(affiliationInput(person.id, brembo, { isPrimary: true }));
      expect(await affiliationById(old.id)).toMatchObject({ isPrimary: true, version: 1 });
      const reopened = await affiliations.update(old.id, 1, { endDate: null });
      expect(reopened).toMatchObject({ isCurrent: true, isPrimary: true });
      expect(await affiliationById(now.id)).toMatchObject({ isPrimary: false });
    });

    it('ends an affiliation keeping the row, shown only with includeEnded', async () => {
      const person = await people.create(personInput());
      const affiliation = await affiliations.add(affiliationInput(person.id, brembo, { startDate: '2018-04-01', isPrimary: true }));
      const ended = await affiliations.end(affiliation.id, 1, '2023-12-31');
      expect(ended).toMatchObject({ endDate: '2023-12-31', isCurrent: false, isPrimary: true, version: 2 });
      expect(await affiliationsOf(person.id)).toEqual([]);
      expect((await affiliationsOf(person.id, true)).map((a) => a.id)).toEqual([affiliation.id]);
      const future = await affiliations.update(affiliation.id, 2, { endDate: '2999-12-31' });
      expect(future.isCurrent).toBe(true);
    });

    it('rejects an end before the start, naming the field, and changes nothing', async () => {
      const person = await people.create(personInput());
      const before = await countRows('affiliations');
      expect(await codeOf(affiliations.add(affiliationInput(person.id, brembo, { startDate: '2024-05-13', endDate: '2024-01-01' })))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.endDate',
      });
      expect(await countRows('affiliations')).toBe(before);
      const affiliation = await affiliations.add(affiliationInput(person.id, brembo, { startDate: '2024-05-13' }));
      expect(await codeOf(affiliations.end(affiliation.id, 1, '2024-05-12'))).toEqual({ code: 'BAD_USER_INPUT', field: 'endDate' });
      expect(await codeOf(affiliations.update(affiliation.id, 1, { startDate: '2025-01-01', endDate: '2024-12-31' }))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.endDate',
      });
      await affiliations.end(affiliation.id, 1, '2024-06-30');
      expect(await codeOf(affiliations.update(affiliation.id, 2, { startDate: '2024-07-01' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.startDate' });
      expect(await affiliationById(affiliation.id)).toMatchObject({ version: 2 });
    });

    it('answers CONFLICT for a stale version, NOT_FOUND for an unknown id, BAD_USER_INPUT for unknown references', async () => {
      const person = await people.create(personInput());
      const affiliation = await affiliations.add(affiliationInput(person.id, brembo));
      await affiliations.update(affiliation.id, 1, { department: 'Sales' });
      expect(await codeOf(affiliations.update(affiliation.id, 1, { department: 'Lost' }))).toEqual({ code: 'CONFLICT', field: 'expectedVersion' });
      expect(await codeOf(affiliations.end(affiliation.id, 1, '2030-01-01'))).toEqual({ code: 'CONFLICT', field: 'expectedVersion' });
      expect((await codeOf(affiliations.end(UNKNOWN_ID, 1, '2030-01-01'))).code).toBe('NOT_FOUND');
      expect(await codeOf(affiliations.add(affiliationInput(UNKNOWN_ID, brembo)))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.personId' });
      expect(await codeOf(affiliations.add(affiliationInput(person.id, UNKNOWN_ID)))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.organisationId' });
      expect(await codeOf(affiliations.update(affiliation.id, 2, { isPrimary: null }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.isPrimary' });
    });

    it('leaves exactly one primary when 10 primaries are added at once', async () => {
      const person = await people.create(personInput());
      const orgs = [];
      for (let i = 0; i < 10; i += 1) orgs.push((await organisations.create(organisationInput())).id);
      const results = await Promise.allSettled(orgs.map((org) => affiliations.add(affiliationInput(person.id, org, { isPrimary: true }))));
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
      const rows = await affiliationsOf(person.id);
      expect(rows).toHaveLength(10);
      expect(rows.filter((a) => a.isPrimary)).toHaveLength(1);
    });

    it('lists an organisation\'s affiliations by the people\'s names, ended ones on request', async () => {
      const org = (await organisations.create(organisationInput({ name: 'Regione Emilia-Romagna' }))).id;
      const zeta = await people.create(personInput({ givenName: 'Zeno', familyName: 'Zanetti', affiliations: [{ organisationId: org, isPrimary: false }] }));
      const alfa = await people.create(personInput({ givenName: 'Ada', familyName: 'Älberti', affiliations: [{ organisationId: org, isPrimary: false }] }));
      const gone = await people.create(
        personInput({ familyName: 'Gone', affiliations: [{ organisationId: org, startDate: '2000-01-01', endDate: '2001-01-01', isPrimary: false }] }),
      );
      const current = await affiliations.atOrganisations(new LoaderRegistry(), false).load(org);
      expect(current.map((a) => a.personId)).toEqual([alfa.id, zeta.id]);
      const all = await affiliations.atOrganisations(new LoaderRegistry(), true).load(org);
      expect(all.map((a) => a.personId)).toEqual([alfa.id, gone.id, zeta.id]);
    });
  });
});
