import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../src/seed/demo-data';
import { createTestApp, TestApp } from '../utils/test-app';

describe('List exports (CSV and XLSX)', () => {
  let t: TestApp;
  let token: string;

  const download = (path: string, auth: string | null = token) =>
    fetch(`${t.url}${path}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });
  const csvRows = async (path: string, delimiter = ',') => {
    const res = await download(path);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return parse(bytes.toString('utf8'), { columns: true, bom: true, delimiter }) as Record<string, string>[];
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.transaction((db) => seedDemo(db));
    token = await t.login(DEMO_USERS.staff.email, DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  it('exports organisations as CSV with the same rows and order as the GraphQL list, umlauts intact', async () => {
    const rows = await csvRows('/exports/organisations');
    const list = await t.gql(`{ organisations(first: 100) { edges { node { id name city } } } }`, {}, token);
    expect(rows.map((r) => r.ID)).toEqual(list.data.organisations.edges.map((e: any) => e.node.id));
    expect(rows.map((r) => r.Name)).toContain('Sächsisches Staatsministerium für Wirtschaft, Arbeit und Verkehr');
    expect(rows.find((r) => r.Name === 'Automobili Lamborghini')?.City).toBe("Sant'Agata Bolognese");
  });

  it('uses semicolons for German Excel when asked', async () => {
    const rows = await csvRows('/exports/people?separator=semicolon', ';');
    expect(rows.map((r) => r['Family name'])).toContain('Queck-Hänel');
    // The 9 people of the delegation and 4 second entries the demo holds as duplicates (issue 14).
    expect(rows).toHaveLength(13);
  });

  it("respects the list's filter and order, given as JSON", async () => {
    const filter = encodeURIComponent(JSON.stringify({ open: true }));
    const orderBy = encodeURIComponent(JSON.stringify({ field: 'TITLE', direction: 'ASC' }));
    const rows = await csvRows(`/exports/leads?filter=${filter}&orderBy=${orderBy}`);
    // The demo has 7 leads; WON and LOST are closed.
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r.Title)).toEqual([...rows.map((r) => r.Title)].sort((a, b) => a.localeCompare(b, 'de')));
    expect(new Set(rows.map((r) => r.Stage))).toEqual(new Set(['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING', 'ON_HOLD']));
    expect(rows.every((r) => r.Owner.endsWith('@wfs.example'))).toBe(true);
  });

  it('exports XLSX that reopens with the same rows as the CSV', async () => {
    const res = await download('/exports/tasks?format=xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('tasks')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const xlsx = [];
    for (let i = 2; i <= sheet.rowCount; i += 1) {
      const values = (sheet.getRow(i).values as unknown[]).slice(1);
      xlsx.push(Object.fromEntries(header.map((h, j) => [h, values[j]])));
    }
    const csv = await csvRows('/exports/tasks');
    expect(xlsx.map((r) => r.ID)).toEqual(csv.map((r) => r.ID));
    expect(xlsx.map((r) => r.Title)).toEqual(csv.map((r) => r.Title));
    expect(xlsx).toHaveLength(6);
    expect(xlsx.filter((r) => r.Overdue === true)).toHaveLength(2);
  });

  it('answers 400 naming the field for bad filters, 404 for an unknown list, 401 without a token', async () => {
    const badJson = await download('/exports/leads?filter={oops');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter' });
    const badValue = await download(`/exports/leads?filter=${encodeURIComponent(JSON.stringify({ stages: ['SOLD'] }))}`);
    expect(badValue.status).toBe(400);
    expect(await badValue.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.stages' });
    const badFormat = await download('/exports/leads?format=pdf');
    expect(badFormat.status).toBe(400);
    expect((await download('/exports/secrets')).status).toBe(404);
    expect((await download('/exports/leads', null)).status).toBe(401);
  });

  it('answers 400, not 500, for text a database cannot store inside a filter (NUL, lone surrogate) and for unknown keys', async () => {
    for (const [filter, field] of [
      ['{"topic":"a\\u0000b"}', 'filter.topic'],
      ['{"topic":"\\ud800"}', 'filter.topic'],
      ['{"secret":1}', 'filter.secret'],
    ]) {
      const res = await download(`/exports/leads?filter=${encodeURIComponent(filter)}`);
      expect({ filter, status: res.status }).toEqual({ filter, status: 400 });
      expect(await res.json()).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('lets a VIEWER export', async () => {
    const viewer = await t.login(DEMO_USERS.ministry.email, DEMO_PASSWORD);
    expect((await download('/exports/meetings', viewer)).status).toBe(200);
  });
});
