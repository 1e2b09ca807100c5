import { asViewer } from '../../src/access/access-policy';
import { OrganisationsArgs } from '../../src/organisations/dto/organisations.args';
import { OrganisationsService } from '../../src/organisations/organisations.service';
import { PeopleArgs } from '../../src/people/dto/people.args';
import { PeopleService } from '../../src/people/people.service';
import { organisationInput } from '../factories/organisation.factory';
import { personInput } from '../factories/person.factory';
import { createTestApp, TestApp } from '../utils/test-app';

/*
 * Issue 14: liaison_fold is the one normalisation (sorting, name filters,
 * search, duplicates). Case, accents, German transliteration and
 * punctuation inside names fold alike.
 */
describe('liaison_fold and the list filters that use it', () => {
  let t: TestApp;
  let organisations: OrganisationsService;
  let people: PeopleService;
  const system = <T>(fn: () => T) => asViewer({ kind: 'SYSTEM' }, fn);

  beforeAll(async () => {
    t = await createTestApp();
    organisations = t.app.get(OrganisationsService);
    people = t.app.get(PeopleService);
  });
  afterAll(() => t?.close());

  const fold = async (text: string): Promise<string | null> => (await t.dataSource.query(`SELECT liaison_fold($1) AS folded`, [text]))[0].folded;

  it.each([
    ['Jörg Müller', 'jorg muller'],
    ['Joerg Mueller', 'jorg muller'],
    ['Jorg Muller', 'jorg muller'],
    ['Straße', 'strasse'],
    ['STRASSE', 'strasse'],
    ['Città', 'citta'],
    ['Ćirić', 'ciric'],
    ["D'Amico", 'damico'],
    ['D’Amico', 'damico'],
    ['DAmico', 'damico'],
    ['Nicolò', 'nicolo'],
    ['Brembo S.p.A.', 'brembo spa'],
    ['Brembo SpA', 'brembo spa'],
    ['BREMBO', 'brembo'],
    ['Queck-Hänel', 'queck hanel'],
    ['Queck-Haenel', 'queck hanel'],
    ['Zwickau, Stadtverwaltung', 'zwickau stadtverwaltung'],
    ['  Stadtverwaltung   Zwickau ', 'stadtverwaltung zwickau'],
    // ae/oe/ue after a vowel is no umlaut: "Bauer" keeps its e
    ['Bauer', 'bauer'],
    ['Goethe', 'gothe'],
    ['Ærø', 'aro'],
    // decomposed umlaut (u + combining diaeresis) as the composed one
    ['Mu\u0308ller', 'muller'],
    ['100% _ \\', '100'],
  ])('folds %j to %j', async (text, folded) => {
    expect(await fold(text)).toBe(folded);
  });

  it('keeps NULL NULL and an all-punctuation text empty', async () => {
    expect((await t.dataSource.query(`SELECT liaison_fold(NULL) AS folded`))[0].folded).toBeNull();
    expect(await fold(' - / , ')).toBe('');
  });

  it('lets the organisation and people name filters find names written another way', async () => {
    const ids: Record<string, string> = {};
    for (const name of ["D'Amico Componenti", 'Müller Präzisionsteile', 'Brembo S.p.A.', 'Zwickau, Stadtverwaltung']) {
      ids[name] = (await system(() => organisations.create(organisationInput({ name, country: 'IT' })))).id;
    }
    const orgNames = async (nameContains: string) =>
      (await system(() => organisations.list(Object.assign(new OrganisationsArgs(), { first: 25, filter: { nameContains, includeArchived: false } })))).edges
        .map((e) => e.node.name)
        .sort();
    expect(await orgNames('damico')).toEqual(["D'Amico Componenti"]);
    expect(await orgNames('mueller praezision')).toEqual(['Müller Präzisionsteile']);
    expect(await orgNames('brembo spa')).toEqual(['Brembo S.p.A.']);
    expect(await orgNames('Zwickau Stadt')).toEqual(['Zwickau, Stadtverwaltung']);

    await system(() => people.create(personInput({ givenName: 'Nicolò', familyName: "D'Amico" })));
    await system(() => people.create(personInput({ givenName: 'Jörg', familyName: 'Müller' })));
    const personNames = async (nameContains: string) =>
      (await system(() => people.list(Object.assign(new PeopleArgs(), { first: 25, filter: { nameContains, includeArchived: false } })))).edges
        .map((e) => `${e.node.givenName} ${e.node.familyName}`)
        .sort();
    expect(await personNames('nicolo damico')).toEqual(["Nicolò D'Amico"]);
    expect(await personNames('Joerg Mueller')).toEqual(['Jörg Müller']);
    expect(await personNames('muller')).toEqual(['Jörg Müller']);
  });
});
