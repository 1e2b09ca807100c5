import { DEMO_IDS, seedDemo } from '../../src/seed/demo-data';
import { createTestApp, TestApp } from '../utils/test-app';

/*
 * Issue 14, search: one ranked list across every kind of record, on the
 * demo data, through GraphQL as a client sends it.
 */
const SEARCH = `query ($q: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(query: $q, types: $types, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { type id score highlights { field fragment matches { start length } }
      record { __typename ... on Organisation { id name } ... on Person { id givenName familyName } ... on Trip { id name }
        ... on Meeting { id title } ... on Lead { id title } ... on Note { id body } } } } } }`;

/** A hit as the tests name it: its type and its name, title or body. */
function label(node: any): string {
  const r = node.record;
  return `${node.type} ${r.name ?? r.title ?? r.body ?? `${r.givenName} ${r.familyName}`}`;
}

/** The expected hits of 20 queries on the demo data, best first (ties of score broken by last activity). */
const TOP_HITS: [query: string, hits: string[]][] = [
  // exact names first (the demo's duplicate BREMBO too), then the name hits by recent activity, then a person working there, then a person working there
  ['brembo', ['ORGANISATION Brembo', 'ORGANISATION BREMBO', 'LEAD Bremsscheiben-Komponenten sächsischer Zulieferer für Brembo', 'MEETING Unternehmensbesuch Brembo', 'PERSON Giulia Rossi']],
  // prefixes while typing
  ['brem', ['LEAD Bremsscheiben-Komponenten sächsischer Zulieferer für Brembo', 'MEETING Unternehmensbesuch Brembo', 'ORGANISATION Brembo', 'ORGANISATION BREMBO']],
  ['lamb', ['LEAD Wissensaustausch nachhaltige Fahrzeugproduktion mit Lamborghini', 'MEETING Unternehmensbesuch Lamborghini', 'ORGANISATION Automobili Lamborghini', 'ORGANISATION Lamborghini']],
  // typos: a missing letter, a missing letter in a long word, a swap
  ['Bremo', ['LEAD Bremsscheiben-Komponenten sächsischer Zulieferer für Brembo', 'MEETING Unternehmensbesuch Brembo', 'ORGANISATION Brembo', 'ORGANISATION BREMBO']],
  ['Lamborgini', ['LEAD Wissensaustausch nachhaltige Fahrzeugproduktion mit Lamborghini', 'MEETING Unternehmensbesuch Lamborghini', 'ORGANISATION Automobili Lamborghini', 'ORGANISATION Lamborghini']],
  ['Modnea', ['MEETING B2B-Gespräche Automobilzulieferer Modena']],
  // folding: transliteration, accents, punctuation inside names
  ['Queck-Haenel', ['PERSON Silvia Queck-Hänel']],
  ['damico', ["PERSON Nicolò D'Amico"]],
  ["nicolo d'amico", ["PERSON Nicolò D'Amico"]],
  ['saechsischer zulieferer', ['LEAD Bremsscheiben-Komponenten sächsischer Zulieferer für Brembo', 'MEETING B2B-Gespräche Automobilzulieferer Modena', 'MEETING Unternehmensbesuch Brembo']],
  ['wirtschaftsforderung', ['ORGANISATION Wirtschaftsförderung Sachsen', 'PERSON Anna Schmidt']],
  // several words: the exact name (the demo's duplicate) above the same words in another order
  ['Zwickau, Stadtverwaltung', ['ORGANISATION Zwickau, Stadtverwaltung', 'ORGANISATION Stadtverwaltung Zwickau', 'PERSON Silvia Queck-Hänel']],
  // people by email, mail domain, phone in any format
  ['giulia.rossi@brembo.example', ['PERSON Giulia Rossi']],
  ['brembo.example', ['PERSON Giulia Rossi']],
  ['+39 035 123 4567', ['PERSON Giulia Rossi']],
  ['035 1234567', ['PERSON Giulia Rossi']],
  // name hits above body-text hits
  ['smart city', ['LEAD Smart-City-Datenplattform: Erfahrungsaustausch Mailand-Zwickau', 'MEETING Smart City Mailand: Austausch mit der Stadtverwaltung', 'TRIP Delegationsreise Norditalien 2024']],
  ['lombardia', ['MEETING Politisches Gespräch mit der Regione Lombardia', 'ORGANISATION Regione Lombardia', 'TRIP Delegationsreise Norditalien 2024']],
  ['siemens', ['LEAD Smart-Infrastructure-Pilot Zwickau mit Siemens Italia', 'MEETING Besuch am Hauptsitz von Siemens Italia', 'ORGANISATION Siemens Italia', 'ORGANISATION Siemens AG', 'PERSON Marco Bianchi']],
  // notes
  ['iatf', ['NOTE Einkauf bevorzugt Lieferanten mit IATF-16949-Zertifikat (demo).']],
];

describe('search (demo data)', () => {
  let t: TestApp;

  const search = async (q: string, extra: Record<string, unknown> = {}, token?: string) => {
    const res = await t.gql(SEARCH, { q, first: 100, ...extra }, token ?? t.adminToken);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.search;
  };
  const failure = async (variables: Record<string, unknown>) => {
    const res = await t.asAdmin(SEARCH, variables);
    expect(res.data?.search ?? null).toBeNull();
    return res.errors?.map((error) => [error.extensions.code, error.extensions.field]);
  };

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.dataSource.manager);
  });
  afterAll(() => t?.close());

  it('fixes the top hits of 20 queries on the demo data', async () => {
    expect(TOP_HITS).toHaveLength(20);
    const found: [string, string[]][] = [];
    for (const [query, hits] of TOP_HITS) {
      const result = await search(query);
      found.push([query, result.edges.map((edge: any) => label(edge.node)).slice(0, hits.length)]);
    }
    expect(found).toEqual(TOP_HITS);
  });

  it('scores exact names over prefixes over typos, and name hits over body hits', async () => {
    const scoreOf = async (query: string, hit: string) => (await search(query)).edges.map((edge: any) => edge.node).find((node: any) => label(node) === hit)?.score;
    expect(await scoreOf('brembo', 'ORGANISATION Brembo')).toBe(2);
    expect(await scoreOf('brembo', 'MEETING Unternehmensbesuch Brembo')).toBe(1);
    expect(await scoreOf('brem', 'MEETING Unternehmensbesuch Brembo')).toBe(0.9);
    expect(await scoreOf('bremo', 'MEETING Unternehmensbesuch Brembo')).toBe(0.8);
    expect(await scoreOf('zulieferern', 'MEETING Unternehmensbesuch Brembo')).toBe(0.5);
    expect(await scoreOf('giulia.rossi@brembo.example', 'PERSON Giulia Rossi')).toBe(2);
  });

  it('marks the words that matched, and cuts long text around the first one', async () => {
    const [damico] = (await search('damico')).edges;
    expect(damico.node.highlights).toEqual([{ field: 'name', fragment: "Nicolò D'Amico", matches: [{ start: 7, length: 7 }] }]);
    const [lombardia, , trip] = (await search('lombardia')).edges.map((edge: any) => edge.node);
    expect(lombardia.highlights).toEqual([{ field: 'title', fragment: 'Politisches Gespräch mit der Regione Lombardia', matches: [{ start: 37, length: 9 }] }]);
    const [objectives] = trip.highlights;
    expect(objectives.field).toBe('objectives');
    expect(objectives.fragment.startsWith('…')).toBe(true);
    expect(objectives.matches.map(({ start, length }: any) => objectives.fragment.substr(start, length))).toEqual(['Lombardei']);
    const rossi = (await search('+39 035 123 4567')).edges[0].node;
    expect(rossi.highlights).toEqual([{ field: 'phone', fragment: '+390351234567', matches: [{ start: 0, length: 13 }] }]);
    const byDomain = (await search('brembo.example')).edges[0].node;
    expect(byDomain.highlights).toEqual([{ field: 'email', fragment: 'giulia.rossi@brembo.example', matches: [{ start: 13, length: 14 }] }]);
    const worker = (await search('brembo')).edges.map((edge: any) => edge.node).find((node: any) => node.type === 'PERSON');
    expect(worker.highlights).toEqual([
      { field: 'organisation', fragment: 'Brembo', matches: [{ start: 0, length: 6 }] },
      { field: 'organisation', fragment: 'Brembo N.V.', matches: [{ start: 0, length: 6 }] },
    ]);
  });

  it('finds people by the organisation they work at, and by phone written with 0039', async () => {
    expect((await search('Automobili Lamborghini', { types: ['PERSON'] })).edges.map((edge: any) => label(edge.node))).toEqual(["PERSON Nicolò D'Amico"]);
    expect((await search('0039 035 1234567')).edges.map((edge: any) => edge.node.id)).toEqual([DEMO_IDS.person('rossi')]);
  });

  it('keeps to the types asked for', async () => {
    const result = await search('brembo', { types: ['MEETING', 'LEAD'] });
    expect(result.edges.map((edge: any) => edge.node.type).sort()).toEqual(['LEAD', 'MEETING']);
    expect(result.totalCount).toBe(2);
  });

  it('pages through the hits with cursors, and counts them all', async () => {
    const all = await search('zwickau');
    expect(all.totalCount).toBe(all.edges.length);
    expect(all.totalCount).toBeGreaterThanOrEqual(5);
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await search('zwickau', { first: 2, after });
      expect(result.totalCount).toBe(all.totalCount);
      seen.push(...result.edges.map((edge: any) => edge.node.id));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((edge: any) => edge.node.id));
  });

  it('finds a record at once after it is written, typos included', async () => {
    const created = await t.asAdmin(`mutation { createOrganisation(input: { name: "Zapfwerk Ölsnitz GmbH", kind: COMPANY, country: "DE" }) { id } }`);
    const id = created.data.createOrganisation.id;
    for (const query of ['zapfwerk', 'Zapfwrek', 'oelsnitz', 'zapf öls']) {
      expect({ query, ids: (await search(query)).edges.map((edge: any) => edge.node.id) }).toEqual({ query, ids: [id] });
    }
  });

  it('answers bad input with BAD_USER_INPUT on the field', async () => {
    expect(await failure({ q: ' - / ' })).toEqual([['BAD_USER_INPUT', 'query']]);
    expect(await failure({ q: 'a b c d e f g h i j k' })).toEqual([['BAD_USER_INPUT', 'query']]);
    expect(await failure({ q: 'x'.repeat(201) })).toEqual([['BAD_USER_INPUT', 'query']]);
    expect(await failure({ q: 'brembo', after: 'not-a-cursor' })).toEqual([['BAD_USER_INPUT', 'after']]);
    const forged = Buffer.from(JSON.stringify([1, 2, 'DROP TABLE', 'x'])).toString('base64url');
    expect(await failure({ q: 'brembo', after: forged })).toEqual([['BAD_USER_INPUT', 'after']]);
    expect(await failure({ q: 'brembo', first: 0 })).toEqual([['BAD_USER_INPUT', 'first']]);
  });

  it('never shows, counts or ranks by a confidential lead, meeting or note the caller may not see', async () => {
    const insider = await t.userToken('STAFF', 'search-insider@wfs.test');
    const outsider = await t.userToken('STAFF', 'search-outsider@wfs.test');
    const insiderId = (await t.gql(`{ me { id } }`, {}, insider)).data.me.id;
    const team = (await t.asAdmin(`mutation { createTeam(input: { name: "Search Invest" }) { id } }`)).data.createTeam.id;
    await t.asAdmin(`mutation ($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }`, { t: team, u: insiderId });
    const queries = ['brembo', 'rossi', 'brem', 'bremsbelag'];
    const snapshot = async (token: string) => Promise.all(queries.map((query) => search(query, {}, token)));
    const before = await snapshot(outsider);
    const adminBefore = await snapshot(t.adminToken);

    // A confidential meeting with Brembo and Giulia Rossi later than anything else (it would lift both by recent activity),
    // a confidential lead naming Brembo, and notes on both.
    const meeting = await t.gql(
      `mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`,
      {
        input: {
          title: 'Vertraulich: Brembo Bremsbelag-Werk', kind: 'B2B', startsAt: '2026-01-15T10:00:00', timeZone: 'Europe/Rome',
          organisationIds: [DEMO_IDS.org('brembo')], participants: [{ personId: DEMO_IDS.person('rossi'), side: 'HOST' }],
          confidentiality: 'CONFIDENTIAL', teamId: team,
        },
      },
      insider,
    );
    expect(meeting.errors).toBeUndefined();
    const lead = await t.gql(
      `mutation ($input: CreateLeadInput!) { createLead(input: $input) { id } }`,
      { input: { title: 'Brembo Bremsbelag-Werk (vertraulich)', kind: 'INVESTMENT', organisations: [{ organisationId: DEMO_IDS.org('brembo'), side: 'PARTNER' }], confidentiality: 'CONFIDENTIAL', teamId: team } },
      insider,
    );
    expect(lead.errors).toBeUndefined();
    for (const [recordType, recordId] of [['MEETING', meeting.data.createMeeting.id], ['LEAD', lead.data.createLead.id]]) {
      const note = await t.gql(`mutation ($t: RecordType!, $id: ID!) { addNote(input: { recordType: $t, recordId: $id, body: "Brembo Bremsbelag: streng vertraulich" }) { id } }`, { t: recordType, id: recordId }, insider);
      expect(note.errors).toBeUndefined();
    }

    expect(await snapshot(outsider)).toEqual(before);
    const adminAfter = await snapshot(t.adminToken);
    expect(adminAfter.map((result) => result.totalCount)).toEqual([adminBefore[0].totalCount + 4, adminBefore[1].totalCount, adminBefore[2].totalCount + 4, 4]);
    // For the admin, Giulia Rossi's latest meeting is now the confidential one: her cursor (score, activity) moved.
    expect(adminAfter[1].edges[0].cursor).not.toEqual(adminBefore[1].edges[0].cursor);
    expect(before[1].edges[0].cursor).toEqual(adminBefore[1].edges[0].cursor);
    // The insider sees them too.
    expect((await search('bremsbelag', {}, insider)).totalCount).toBe(4);
  });
});
