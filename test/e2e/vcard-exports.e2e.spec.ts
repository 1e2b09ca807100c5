import ICAL from 'ical.js';
import { DEMO_IDS, DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../src/seed/demo-data';
import { createTestApp, TestApp } from '../utils/test-app';

/** The cards of a .vcf file as ical.js (an independent parser) reads them. */
function cardsOf(text: string): ICAL.Component[] {
  const parsed = ICAL.parse(text);
  const cards = (typeof parsed[0] === 'string' ? [parsed] : parsed) as unknown[];
  return cards.map((card) => new ICAL.Component(card as any[]));
}

describe('vCard exports', () => {
  let t: TestApp;
  let token: string;

  const download = (path: string, auth: string | null = token) =>
    fetch(`${t.url}${path}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });
  const vcards = async (path: string) => {
    const res = await download(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/vcard; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?liaison-[\w-]+\.vcf"?$/);
    return cardsOf(Buffer.from(await res.arrayBuffer()).toString('utf8'));
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.transaction((db) => seedDemo(db));
    token = await t.login(DEMO_USERS.staff.email, DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  it('exports one person as vCard 3.0 by default, with organisation, job title, email, phone and note', async () => {
    const [card] = await vcards(`/exports/people/${DEMO_IDS.person('rossi')}/vcard`);
    expect(card.getFirstPropertyValue('version')).toBe('3.0');
    expect(card.getFirstPropertyValue('uid')).toBe(DEMO_IDS.person('rossi'));
    expect(card.getFirstPropertyValue('fn')).toBe('Giulia Rossi');
    expect(card.getFirstPropertyValue('n')).toEqual(['Rossi', 'Giulia', '', 'Ing.', '']);
    expect(card.getFirstPropertyValue('org')).toBe('Brembo');
    expect(card.getFirstPropertyValue('title')).toBe('Purchasing Manager (invented)');
    expect(card.getFirstPropertyValue('email')).toBe('giulia.rossi@brembo.example');
    expect(card.getFirstProperty('email')!.getParameter('type')).toEqual(['INTERNET', 'WORK', 'PREF']);
    expect(card.getFirstPropertyValue('tel')).toBe('+390351234567');
    expect(card.getFirstPropertyValue('note')).toBe('Invented demo contact (not a real person).');
  });

  it('keeps umlauts and accents as UTF-8, marked for Apple Contacts in 3.0', async () => {
    const res = await download(`/exports/people/${DEMO_IDS.person('queck-haenel')}/vcard`);
    const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
    expect(text).toContain('\r\nN;CHARSET=UTF-8:Queck-Hänel;Silvia;;;\r\n');
    const [card] = cardsOf(text);
    expect(card.getFirstPropertyValue('org')).toBe('Stadtverwaltung Zwickau');
    expect(card.getFirstPropertyValue('title')).toBe('Baubürgermeisterin');
    expect(card.getFirstPropertyValue('note')).toBe('Baubürgermeisterin der Stadt Zwickau (press release, 12 May 2024).');
    const [damico] = await vcards(`/exports/people/${DEMO_IDS.person('damico')}/vcard`);
    expect(damico.getFirstPropertyValue('fn')).toBe("Nicolò D'Amico");
  });

  it('writes vCard 4.0 on request', async () => {
    const [card] = await vcards(`/exports/people/${DEMO_IDS.person('rossi')}/vcard?version=4.0`);
    expect(card.getFirstPropertyValue('version')).toBe('4.0');
    expect(card.getFirstPropertyValue('uid')).toBe(`urn:uuid:${DEMO_IDS.person('rossi')}`);
    expect(card.getFirstPropertyValue('tel')).toBe('tel:+390351234567');
    expect(card.getFirstProperty('tel')!.getParameter('pref')).toBe('1');
    expect(card.getFirstProperty('email')!.getParameter('type')).toBe('work');
    expect(card.getFirstPropertyValue('org')).toBe('Brembo');
  });

  it("exports a people list with the list's filter and order, the same people as the GraphQL list", async () => {
    const cards = await vcards('/exports/people/vcard');
    const list = await t.gql(`{ people(first: 100) { edges { node { id familyName } } } }`, {}, token);
    expect(cards.map((card) => card.getFirstPropertyValue('uid'))).toEqual(list.data.people.edges.map((e: any) => e.node.id));
    expect(cards).toHaveLength(13);

    const filter = encodeURIComponent(JSON.stringify({ organisationId: DEMO_IDS.org('zwickau') }));
    const zwickau = await vcards(`/exports/people/vcard?version=4.0&filter=${filter}`);
    expect(zwickau.map((card) => card.getFirstPropertyValue('fn'))).toEqual(['Silvia Queck-Hänel']);

    const orderBy = encodeURIComponent(JSON.stringify({ field: 'NAME', direction: 'DESC' }));
    const descending = await vcards(`/exports/people/vcard?orderBy=${orderBy}`);
    expect(descending.map((card) => card.getFirstPropertyValue('uid'))).toEqual(cards.map((card) => card.getFirstPropertyValue('uid')).reverse());
  });

  it('answers 400 naming the field, 404 for an unknown person, 401 without a token, never a 500', async () => {
    const badVersion = await download(`/exports/people/${DEMO_IDS.person('rossi')}/vcard?version=2.1`);
    expect(badVersion.status).toBe(400);
    expect(await badVersion.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    const badFilter = await download(`/exports/people/vcard?filter=${encodeURIComponent('{"secret":1}')}`);
    expect(badFilter.status).toBe(400);
    expect(await badFilter.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.secret' });
    const badJson = await download('/exports/people/vcard?filter={oops');
    expect(await badJson.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter' });
    const badId = await download('/exports/people/not-a-uuid/vcard');
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const unknown = await download('/exports/people/00000000-0000-4000-8000-000000000000/vcard');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await download('/exports/people/vcard', null)).status).toBe(401);
  });

  it('lets a VIEWER export, and leaves the CSV list export where it was', async () => {
    const viewer = await t.login(DEMO_USERS.ministry.email, DEMO_PASSWORD);
    expect((await download('/exports/people/vcard', viewer)).status).toBe(200);
    expect((await download('/exports/people')).status).toBe(200);
  });
});
