import { createTestApp, TestApp } from '../utils/test-app';

/*
 * Issue 14, duplicates: scored pairs with reasons, best first, found through
 * the blocking keys; dismissed pairs never come back; createPerson and
 * createOrganisation show their possible duplicates and never refuse;
 * logMeeting takes a new contact with a known email or phone for that person.
 */

const POSSIBLE_PEOPLE = `possibleDuplicates { score reasons person { id givenName familyName } }`;
const CREATE_PERSON = `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id version ${POSSIBLE_PEOPLE} } }`;
const CREATE_ORGANISATION = `mutation ($input: CreateOrganisationInput!) {
  createOrganisation(input: $input) { id possibleDuplicates { score reasons organisation { id name } } } }`;
const CANDIDATES = `query ($type: DuplicateType!, $first: Int, $after: String) {
  duplicateCandidates(type: $type, first: $first, after: $after) {
    totalCount
    edges { cursor node { type ids score reasons people { id givenName familyName } organisations { id name } } }
    pageInfo { hasNextPage endCursor } } }`;
const DISMISS = `mutation ($a: ID!, $b: ID!) { dismissDuplicate(a: $a, b: $b) }`;
const LOG = `mutation ($input: LogMeetingInput!) {
  logMeeting(input: $input) { matchedContacts { ref personId reasons }
    meeting { participants { side person { id givenName familyName emails { address } phones { number } } } } } }`;

describe('Duplicates (GraphQL)', () => {
  let t: TestApp;
  let staff: string;

  const ok = async (query: string, variables: Record<string, unknown> = {}, token = staff) => {
    const res = await t.gql(query, variables, token);
    if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const person = async (input: Record<string, unknown>) => (await ok(CREATE_PERSON, { input })).createPerson;
  const organisation = async (input: Record<string, unknown>) => (await ok(CREATE_ORGANISATION, { input: { kind: 'COMPANY', ...input } })).createOrganisation;
  const allCandidates = async (type: string) => {
    const pairs: any[] = [];
    let after: string | undefined;
    for (;;) {
      const page = (await ok(CANDIDATES, { type, first: 2, after })).duplicateCandidates;
      pairs.push(...page.edges.map((edge: any) => edge.node));
      if (!page.pageInfo.hasNextPage) return { pairs, totalCount: page.totalCount };
      after = page.pageInfo.endCursor;
    }
  };
  const pairOf = (pairs: any[], a: string, b: string) => pairs.find((pair) => pair.ids.includes(a) && pair.ids.includes(b));

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.userToken('STAFF');
  });
  afterAll(() => t.close());

  it('shows a new person its possible duplicates with reasons, best first, and creates it anyway', async () => {
    const brembo = (await organisation({ name: 'Brembo Freni' })).id;
    const giulia = await person({
      givenName: 'Giulia', familyName: 'Rossi', emails: [{ address: 'giulia.rossi@brembo.example' }],
      phones: [{ number: '035 605 2111', defaultCountry: 'IT' }], affiliations: [{ organisationId: brembo }],
    });
    expect(giulia.possibleDuplicates).toEqual([]);
    const swapped = await person({ givenName: 'Rossi', familyName: 'Giulia' });
    const typo = await person({ givenName: 'Giulia', familyName: 'Rosi', affiliations: [{ organisationId: brembo }] });
    const byPhone = await person({ givenName: 'G.', familyName: 'Rossi', phones: [{ number: '+39 035 6052111' }] });
    const twin = await person({
      givenName: 'GIULIA', familyName: 'ROSSI', emails: [{ address: 'Giulia.Rossi@Brembo.example' }],
    });
    expect(twin.id).not.toBe(giulia.id);
    const again = (await ok(`query ($id: ID!) { person(id: $id) { ${POSSIBLE_PEOPLE} } }`, { id: giulia.id })).person;
    expect(again.possibleDuplicates.map((d: any) => [d.person.id, d.reasons, d.score])).toEqual([
      [twin.id, ['SAME_EMAIL', 'SAME_NAME'], 0.92],
      [byPhone.id, ['SAME_PHONE'], 0.75],
      [swapped.id, ['SAME_NAME'], 0.6],
      [typo.id, ['SIMILAR_NAME', 'SAME_ORGANISATION'], 0.58],
    ]);
    expect(twin.possibleDuplicates[0]).toMatchObject({ person: { id: giulia.id }, reasons: ['SAME_EMAIL', 'SAME_NAME'] });
  });

  it('lists candidate pairs best first across pages, and a dismissed pair never comes back', async () => {
    const a = await person({ givenName: 'Dirk', familyName: 'Vogelsang', emails: [{ address: 'dirk@amz.example' }] });
    const b = await person({ givenName: 'Dirk', familyName: 'Vogelsang' });
    const before = await allCandidates('PERSON');
    const scores = before.pairs.map((pair) => pair.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    expect(before.totalCount).toBe(before.pairs.length);
    expect(new Set(before.pairs.map((pair) => pair.ids.join())).size).toBe(before.pairs.length);
    const pair = pairOf(before.pairs, a.id, b.id);
    expect(pair).toMatchObject({ type: 'PERSON', reasons: ['SAME_NAME'], organisations: [] });
    expect(pair.people.map((p: any) => p.id).sort()).toEqual([a.id, b.id].sort());

    expect((await ok(DISMISS, { a: b.id, b: a.id })).dismissDuplicate).toBe(true);
    expect((await ok(DISMISS, { a: a.id, b: b.id })).dismissDuplicate).toBe(true);
    // whatever changes later: now they share an email too
    await ok(`mutation ($id: ID!, $v: Int!) { updatePerson(id: $id, expectedVersion: $v, input: { emails: [{ address: "dirk@amz.example" }] }) { id } }`, {
      id: b.id, v: b.version,
    });
    const after = await allCandidates('PERSON');
    expect(pairOf(after.pairs, a.id, b.id)).toBeUndefined();
    expect(after.totalCount).toBe(before.totalCount - 1);
    const shown = (await ok(`query ($id: ID!) { person(id: $id) { ${POSSIBLE_PEOPLE} } }`, { id: a.id })).person;
    expect(shown.possibleDuplicates.map((d: any) => d.person.id)).not.toContain(b.id);
  });

  it('finds organisations by website domain, folded name in any word order and similar names', async () => {
    const spa = await organisation({ name: 'Brembo S.p.A.', website: 'https://www.brembo.com/it', city: 'Curno' });
    const caps = await organisation({ name: 'BREMBO', city: 'Curno' });
    const short = await organisation({ name: 'Brembo SpA', website: 'http://brembo.com' });
    const zwickau = await organisation({ name: 'Stadtverwaltung Zwickau', kind: 'PUBLIC_AUTHORITY' });
    const reversed = await organisation({ name: 'Zwickau, Stadtverwaltung', kind: 'PUBLIC_AUTHORITY' });
    const other = await organisation({ name: 'Lamborghini', website: 'https://lamborghini.com' });
    expect(short.possibleDuplicates.map((d: any) => d.organisation.id)).toEqual(expect.arrayContaining([spa.id, caps.id]));
    expect(short.possibleDuplicates[0]).toMatchObject({ organisation: { id: spa.id } });
    expect(short.possibleDuplicates[0].reasons).toContain('SAME_WEBSITE_DOMAIN');
    expect(reversed.possibleDuplicates).toEqual([{ score: 0.6, reasons: ['SAME_NAME'], organisation: { id: zwickau.id, name: 'Stadtverwaltung Zwickau' } }]);
    expect(other.possibleDuplicates).toEqual([]);
    const { pairs } = await allCandidates('ORGANISATION');
    expect(pairOf(pairs, spa.id, caps.id).reasons).toEqual(expect.arrayContaining(['SAME_CITY']));
    expect(pairOf(pairs, spa.id, caps.id).people).toEqual([]);
    expect(pairs.every((pair) => pair.type === 'ORGANISATION' && pair.organisations.length === 2)).toBe(true);
  });

  it('refuses to dismiss a record with itself, a person with an organisation, and anything for a VIEWER', async () => {
    const p = await person({ givenName: 'Uwe', familyName: 'Einzel' });
    const o = await organisation({ name: 'Einzelstück GmbH' });
    const same = await t.gql(DISMISS, { a: p.id, b: p.id }, staff);
    expect(same.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'b' });
    const mixed = await t.gql(DISMISS, { a: p.id, b: o.id }, staff);
    expect(mixed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'b' });
    const viewer = await t.gql(DISMISS, { a: p.id, b: o.id }, await t.userToken('VIEWER'));
    expect(viewer.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const badCursor = await t.gql(CANDIDATES, { type: 'PERSON', after: 'nonsense' }, staff);
    expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('logMeeting takes new contacts with a known email or phone for those people, once each', async () => {
    const siemens = (await organisation({ name: 'Siemens Italia' })).id;
    const known = await person({ givenName: 'Marco', familyName: 'Bianchi', emails: [{ address: 'marco.bianchi@siemens.example' }] });
    const peopleBefore = Number((await t.dataSource.query(`SELECT count(*) AS n FROM people`))[0].n);
    const card = {
      givenName: 'Laura', familyName: 'Verdi', emails: [{ address: 'laura.verdi@siemens.example' }],
      phones: [{ number: '02 2431', defaultCountry: 'IT' }], affiliations: [{ organisationId: siemens, jobTitle: 'Head of Sales' }],
    };
    const res = await ok(LOG, {
      input: {
        meeting: { title: 'Messe-Gespräch', kind: 'TALK', startsAt: '2024-05-15T11:00', timeZone: 'Europe/Rome' },
        outcome: { outcomeSummary: 'Visitenkarten getauscht' },
        newContacts: [
          { ref: 'laura', ...card },
          // the same card typed twice (two phones, one retry)
          { ref: 'laura-again', ...card },
          { ref: 'marco', givenName: 'Marco', familyName: 'Bianchi', emails: [{ address: 'MARCO.BIANCHI@siemens.example' }],
            phones: [{ number: '+39 02 24360', label: 'office' }], affiliations: [{ organisationId: siemens }] },
        ],
      },
    });
    const { matchedContacts, meeting } = res.logMeeting;
    const laura = meeting.participants.find((p: any) => p.person.familyName === 'Verdi').person;
    expect(matchedContacts).toEqual([
      { ref: 'laura-again', personId: laura.id, reasons: ['SAME_EMAIL', 'SAME_PHONE', 'SAME_NAME', 'SAME_ORGANISATION'] },
      { ref: 'marco', personId: known.id, reasons: ['SAME_EMAIL', 'SAME_NAME'] },
    ]);
    expect(meeting.participants).toHaveLength(2);
    expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM people`))[0].n)).toBe(peopleBefore + 1);
    const marco = meeting.participants.find((p: any) => p.person.id === known.id).person;
    expect(marco).toMatchObject({ emails: [{ address: 'marco.bianchi@siemens.example' }], phones: [{ number: '+390224360' }] });
    const affiliations = await t.dataSource.query(`SELECT organisation_id FROM affiliations WHERE person_id = $1`, [known.id]);
    expect(affiliations).toEqual([{ organisation_id: siemens }]);
  });
});
