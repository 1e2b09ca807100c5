import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DEMO_IDS, DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../src/seed/demo-data';
import { createTestApp, TestApp } from '../utils/test-app';

/*
 * Each file is compared with the GraphQL report for the same arguments and
 * caller, and a few figures are written by hand from src/seed/demo-data.ts
 * (the same ones test/e2e/reports.e2e.spec.ts explains).
 */
type Row = Record<string, unknown>;

const STAFF_EMAIL = DEMO_USERS.staff.email;
const LEAD_EMAIL = DEMO_USERS.lead.email;
const TOTAL_VALUE = 19_950_000;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const PIPELINE = `query ($filter: PipelineReportFilter, $groupBy: PipelineGroupBy) {
  pipelineReport(filter: $filter, groupBy: $groupBy) {
    stages { stage leads estimatedValue reached conversionRate medianDaysInStage }
    groups { key label leads estimatedValue } } }`;

const TRIP = `query ($tripId: ID!, $asOf: String) { tripReport(tripId: $tripId, asOf: $asOf) {
  tripId asOf trip { name }
  meetings { total held planned cancelled byKind { key count } byCity { key count } }
  organisations { total new alreadyKnown byCountry { key total new alreadyKnown } byKind { key total new alreadyKnown } }
  peopleMet peopleMetForFirstTime newContacts { id title givenName familyName }
  leads { opened estimatedValue potentialJobs byStage { key count }
          leads { leadId title stage stageSince currentStage estimatedValue potentialJobs } }
  partnerships { formed valueEur potentialJobs partnerships { partnershipId leadId title signedOn valueEur potentialJobs } }
  commitments { kept open overdue openCommitments { id title dueDate assignee { email } } } } }`;

const FOLLOW_UPS = `query ($staleDays: Int, $upcomingDays: Int) { followUpReport(staleDays: $staleDays, upcomingDays: $upcomingDays) {
  overdueTasksByAssignee { overdue commitments oldestDueDate assignee { email } }
  staleLeads { leadId title stage lastActivityAt daysInactive owner { email } }
  upcomingNextSteps { leadId title stage nextStep nextStepDate owner { email } }
  commitmentsPastDue { id title dueDate assignee { email } } } }`;

const ACTIVITY = `query ($from: String!, $to: String!, $interval: ActivityInterval) {
  activityReport(from: $from, to: $to, interval: $interval) { periods { start end meetingsHeld newContacts leadsOpened leadsWon } } }`;

/** A day relative to today, YYYY-MM-DD in UTC, the database's zone in the tests. */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** How a cell reads back from the CSV: ISO instants, numbers as written, nothing for null. */
function asCsv(row: Row): Record<string, string> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, value === null ? '' : value instanceof Date ? value.toISOString() : String(value)]),
  );
}

/* The GraphQL report's rows, under the file's column headers. */
const stageRow = (s: any): Row => ({
  Stage: s.stage,
  Leads: s.leads,
  'Estimated value (EUR)': s.estimatedValue,
  Reached: s.reached,
  'Conversion rate': s.conversionRate,
  'Median days in stage': s.medianDaysInStage,
});
const groupRow = (g: any): Row => ({ Key: g.key, Label: g.label, Leads: g.leads, 'Estimated value (EUR)': g.estimatedValue });
const keyCountRow = (key: string, count: string) => (k: any): Row => ({ [key]: k.key, [count]: k.count });
const newKnownRow = (key: string) => (k: any): Row => ({ [key]: k.key, Organisations: k.total, New: k.new, 'Already known': k.alreadyKnown });
const taskRow = (t: any): Row => ({ Title: t.title, Due: t.dueDate, Assignee: t.assignee?.email ?? null, ID: t.id });

function tripSheets(r: any): Record<string, Row[]> {
  return {
    summary: [
      {
        'Trip ID': r.tripId,
        Trip: r.trip.name,
        'As of': r.asOf,
        Meetings: r.meetings.total,
        'Meetings held': r.meetings.held,
        'Meetings planned': r.meetings.planned,
        'Meetings cancelled': r.meetings.cancelled,
        'Organisations met': r.organisations.total,
        'Organisations new': r.organisations.new,
        'Organisations already known': r.organisations.alreadyKnown,
        'People met': r.peopleMet,
        'People met for the first time': r.peopleMetForFirstTime,
        'Leads opened': r.leads.opened,
        'Leads estimated value (EUR)': r.leads.estimatedValue,
        'Leads potential jobs': r.leads.potentialJobs,
        'Partnerships formed': r.partnerships.formed,
        'Partnerships value (EUR)': r.partnerships.valueEur,
        'Partnerships potential jobs': r.partnerships.potentialJobs,
        'Commitments kept': r.commitments.kept,
        'Commitments open': r.commitments.open,
        'Commitments overdue': r.commitments.overdue,
      },
    ],
    'meetings-by-kind': r.meetings.byKind.map(keyCountRow('Kind', 'Held meetings')),
    'meetings-by-city': r.meetings.byCity.map(keyCountRow('City', 'Held meetings')),
    'organisations-by-country': r.organisations.byCountry.map(newKnownRow('Country')),
    'organisations-by-kind': r.organisations.byKind.map(newKnownRow('Kind')),
    'new-contacts': r.newContacts.map((p: any) => ({ Title: p.title, 'Given name': p.givenName, 'Family name': p.familyName, ID: p.id })),
    'leads-by-stage': r.leads.byStage.map(keyCountRow('Stage', 'Leads')),
    leads: r.leads.leads.map((l: any) => ({
      Title: l.title,
      Stage: l.stage,
      'Stage since': new Date(l.stageSince),
      'Current stage': l.currentStage,
      'Estimated value (EUR)': l.estimatedValue,
      'Potential jobs': l.potentialJobs,
      'Lead ID': l.leadId,
    })),
    partnerships: r.partnerships.partnerships.map((p: any) => ({
      Title: p.title,
      'Signed on': p.signedOn,
      'Value (EUR)': p.valueEur,
      'Potential jobs': p.potentialJobs,
      'Partnership ID': p.partnershipId,
      'Lead ID': p.leadId,
    })),
    'open-commitments': r.commitments.openCommitments.map(taskRow),
  };
}

function followUpSheets(r: any): Record<string, Row[]> {
  return {
    'overdue-tasks-by-assignee': r.overdueTasksByAssignee.map((o: any) => ({
      Assignee: o.assignee?.email ?? null,
      'Overdue tasks': o.overdue,
      Commitments: o.commitments,
      'Oldest due date': o.oldestDueDate,
    })),
    'stale-leads': r.staleLeads.map((l: any) => ({
      Title: l.title,
      Stage: l.stage,
      Owner: l.owner.email,
      'Last activity': new Date(l.lastActivityAt),
      'Days inactive': l.daysInactive,
      'Lead ID': l.leadId,
    })),
    'upcoming-next-steps': r.upcomingNextSteps.map((s: any) => ({
      Title: s.title,
      Stage: s.stage,
      Owner: s.owner.email,
      'Next step': s.nextStep,
      'Next step date': s.nextStepDate,
      'Lead ID': s.leadId,
    })),
    'commitments-past-due': r.commitmentsPastDue.map(taskRow),
  };
}

const periodRow = (p: any): Row => ({
  Start: p.start,
  End: p.end,
  'Meetings held': p.meetingsHeld,
  'New contacts': p.newContacts,
  'Leads opened': p.leadsOpened,
  'Leads won': p.leadsWon,
});

describe('Report exports (CSV and XLSX)', () => {
  let t: TestApp;
  let staff: string;
  let viewer: string;

  const path = (report: string, args: Record<string, unknown> | null, params: Record<string, string> = {}) => {
    const query = new URLSearchParams(params);
    if (args) query.set('args', JSON.stringify(args));
    const qs = query.toString();
    return `/exports/reports/${report}${qs ? `?${qs}` : ''}`;
  };
  const download = (url: string, auth: string | null = staff) =>
    fetch(`${t.url}${url}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });
  const csvRows = async (url: string, { delimiter = ',', token = staff } = {}) => {
    const res = await download(url, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return parse(bytes.toString('utf8'), { columns: true, bom: true, delimiter }) as Record<string, string>[];
  };
  /** Every worksheet as rows keyed by the header row; empty cells read as null. */
  const xlsxSheets = async (url: string, token = staff) => {
    const res = await download(url, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheets: Record<string, Row[]> = {};
    workbook.eachSheet((sheet) => {
      const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
      const rows: Row[] = [];
      for (let i = 2; i <= sheet.rowCount; i += 1) {
        const values = sheet.getRow(i).values as unknown[];
        rows.push(Object.fromEntries(header.map((h, j) => [h, values[j + 1] ?? null])));
      }
      sheets[sheet.name] = rows;
    });
    return sheets;
  };
  const report = async (query: string, variables: Record<string, unknown>, token = staff) => {
    const res = await t.gql(query, variables, token);
    expect(res.errors).toBeUndefined();
    return Object.values(res.data)[0] as any;
  };
  const failure = async (url: string, status = 400): Promise<any> => {
    const res = await download(url);
    expect(res.status).toBe(status);
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.transaction((db) => seedDemo(db));
    staff = await t.login(DEMO_USERS.staff.email, DEMO_PASSWORD);
    viewer = await t.login(DEMO_USERS.ministry.email, DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  describe('pipeline', () => {
    it("exports the stages as CSV by default, equal to the GraphQL report's rows", async () => {
      const args = { filter: { asOf: '2024-08-31' } };
      const rows = await csvRows(path('pipeline', args));
      const expected = (await report(PIPELINE, args)).stages.map(stageRow);
      expect(rows).toEqual(expected.map(asCsv));
      // By hand: on 2024-08-31 Lamborghini had not been won yet, so two leads were NEGOTIATING.
      expect(rows.map((r) => [r.Stage, r.Leads, r.Reached])).toEqual([
        ['NEW', '1', '7'],
        ['CONTACTED', '1', '6'],
        ['QUALIFIED', '1', '3'],
        ['NEGOTIATING', '2', '2'],
        ['WON', '0', '0'],
        ['LOST', '1', '1'],
        ['ON_HOLD', '1', '1'],
      ]);
      expect(rows[3]['Estimated value (EUR)']).toBe('2650000');
      expect(rows[4]['Conversion rate']).toBe('');
    });

    it('exports another section with semicolons for German Excel', async () => {
      const args = { groupBy: 'OWNER' };
      const rows = await csvRows(path('pipeline', args, { section: 'groups', separator: 'semicolon' }), { delimiter: ';' });
      const expected = (await report(PIPELINE, args)).groups.map(groupRow);
      expect(rows).toEqual(expected.map(asCsv));
      expect(rows.map((r) => [r.Label, r.Leads, r['Estimated value (EUR)']])).toEqual([
        [DEMO_USERS.staff.displayName, '4', '4150000'],
        [DEMO_USERS.lead.displayName, '3', '15800000'],
      ]);
    });

    it('writes one worksheet per section, numbers as numbers', async () => {
      // With asOf, the medians of leads still in a stage do not grow between the two requests.
      const args = { filter: { asOf: '2024-12-31' }, groupBy: 'COUNTRY' };
      const sheets = await xlsxSheets(path('pipeline', args, { format: 'xlsx' }));
      const graphql = await report(PIPELINE, args);
      expect(Object.keys(sheets)).toEqual(['stages', 'groups']);
      expect(sheets.stages).toEqual(graphql.stages.map(stageRow));
      expect(sheets.groups).toEqual(graphql.groups.map(groupRow));
      expect(sheets.groups).toEqual([
        { Key: 'IT', Label: 'IT', Leads: 7, 'Estimated value (EUR)': TOTAL_VALUE },
        { Key: 'DE', Label: 'DE', Leads: 6, 'Estimated value (EUR)': TOTAL_VALUE - 300_000 },
      ]);
      expect(sheets.stages.map((s) => s['Median days in stage'])).toEqual([30, 30, 30, 85.625, null, null, 171.25]);
      expect(typeof sheets.stages[0]['Conversion rate']).toBe('number');
    });
  });

  describe('trip', () => {
    it('writes every section of the trip report as a worksheet, equal to the GraphQL report', async () => {
      const args = { tripId: DEMO_IDS.trip };
      const sheets = await xlsxSheets(path('trip', args, { format: 'xlsx' }));
      const expected = tripSheets(await report(TRIP, args));
      expect(Object.keys(sheets)).toEqual(Object.keys(expected));
      expect(sheets).toEqual(expected);

      // By hand, from the demo.
      expect(sheets.summary[0]).toMatchObject({
        Trip: 'Delegationsreise Norditalien 2024',
        'As of': null,
        Meetings: 8,
        'Meetings held': 6,
        'Organisations met': 6,
        'People met': 5,
        'Leads opened': 7,
        'Leads estimated value (EUR)': TOTAL_VALUE,
        'Leads potential jobs': 160,
        'Partnerships formed': 1,
        'Partnerships value (EUR)': 150_000,
        'Commitments kept': 1,
        'Commitments open': 3,
        'Commitments overdue': 2,
      });
      expect(sheets['meetings-by-city']).toEqual([
        { City: 'Milano', 'Held meetings': 3 },
        { City: 'Modena', 'Held meetings': 1 },
        { City: "Sant'Agata Bolognese", 'Held meetings': 1 },
        { City: 'Stezzano', 'Held meetings': 1 },
      ]);
      expect(sheets['new-contacts'].map((p) => p['Family name'])).toEqual(['Bianchi', 'Colombo', "D'Amico", 'Ferrari', 'Rossi']);
      const brembo = sheets.leads.find((l) => l['Lead ID'] === DEMO_IDS.lead('brembo-supply'))!;
      expect(brembo).toMatchObject({ Stage: 'NEGOTIATING', 'Estimated value (EUR)': 2_500_000, 'Potential jobs': 40 });
      expect((brembo['Stage since'] as Date).toISOString()).toBe('2024-08-12T18:00:00.000Z');
      expect(sheets.partnerships).toEqual([
        expect.objectContaining({ Title: 'Absichtserklärung Wissensaustausch nachhaltige Produktion', 'Signed on': '2024-09-20', 'Value (EUR)': 150_000 }),
      ]);
      expect(sheets['open-commitments'].map((c) => [c.Title, c.Due])).toEqual([
        ['Liste sächsischer Bremsscheiben-Zulieferer an Brembo senden', '2024-06-15'],
        ['Folgetermin auf Arbeitsebene mit der Regione Lombardia vereinbaren', '2024-07-01'],
        ['Pilotskizze Smart Infrastructure für Zwickau an Siemens Italia', day(10)],
      ]);
    });

    it('exports the summary as CSV by default and any section with asOf, umlauts intact', async () => {
      const args = { tripId: DEMO_IDS.trip, asOf: '2024-08-31' };
      const graphql = tripSheets(await report(TRIP, args));
      const summary = await csvRows(path('trip', args));
      expect(summary).toEqual(graphql.summary.map(asCsv));
      expect(summary[0]).toMatchObject({ 'As of': '2024-08-31', 'Partnerships formed': '0', 'Commitments kept': '1' });

      const byStage = await csvRows(path('trip', args, { section: 'leads-by-stage' }));
      expect(byStage).toEqual(graphql['leads-by-stage'].map(asCsv));
      expect(byStage).toEqual([
        { Stage: 'NEW', Leads: '1' },
        { Stage: 'CONTACTED', Leads: '1' },
        { Stage: 'QUALIFIED', Leads: '1' },
        { Stage: 'NEGOTIATING', Leads: '2' },
        { Stage: 'LOST', Leads: '1' },
        { Stage: 'ON_HOLD', Leads: '1' },
      ]);

      const leads = await csvRows(path('trip', args, { section: 'leads', separator: 'semicolon' }), { delimiter: ';' });
      expect(leads).toEqual(graphql.leads.map(asCsv));
      expect(leads.map((l) => l.Title)).toContain('Bremsscheiben-Komponenten sächsischer Zulieferer für Brembo');
    });
  });

  describe('follow-up', () => {
    it("exports every list of the follow-up report as the caller's GraphQL report has it", async () => {
      for (const [token, who] of [[staff, 'staff'], [viewer, 'viewer']] as const) {
        const sheets = await xlsxSheets(path('follow-up', null, { format: 'xlsx' }), token);
        const expected = followUpSheets(await report(FOLLOW_UPS, {}, token));
        expect({ who, sheets }).toEqual({ who, sheets: expected });
      }
    });

    it('takes the windows as args and exports a section as CSV', async () => {
      const defaults = await csvRows(path('follow-up', null));
      expect(defaults).toEqual([
        { Assignee: STAFF_EMAIL, 'Overdue tasks': '1', Commitments: '1', 'Oldest due date': '2024-06-15' },
        { Assignee: LEAD_EMAIL, 'Overdue tasks': '1', Commitments: '1', 'Oldest due date': '2024-07-01' },
      ]);
      const stale = await csvRows(path('follow-up', null, { section: 'stale-leads' }));
      expect(stale.map((l) => [l.Title, l.Stage, l['Last activity'], l.Owner])).toEqual([
        ['F&E-Kooperation autonome Fahrzeuge', 'CONTACTED', '2024-06-13T18:00:00.000Z', STAFF_EMAIL],
        ['Smart-City-Datenplattform: Erfahrungsaustausch Mailand-Zwickau', 'ON_HOLD', '2024-07-13T18:00:00.000Z', LEAD_EMAIL],
      ]);
      const args = { staleDays: 3650, upcomingDays: 30 };
      const upcoming = await csvRows(path('follow-up', args, { section: 'upcoming-next-steps' }));
      expect(upcoming).toEqual(followUpSheets(await report(FOLLOW_UPS, args))['upcoming-next-steps'].map(asCsv));
      expect(upcoming.map((s) => s['Next step date'])).toEqual([day(3), day(7), day(21)]);
      expect(await csvRows(path('follow-up', args, { section: 'stale-leads' }))).toEqual([]);
    });
  });

  describe('activity', () => {
    it('exports the periods, equal to the GraphQL report', async () => {
      const args = { from: '2024-05-01', to: '2024-09-30', interval: 'MONTH' };
      const rows = await csvRows(path('activity', args));
      expect(rows).toEqual((await report(ACTIVITY, args)).periods.map(periodRow).map(asCsv));
      expect(rows.map((r) => [r.Start, r['Meetings held'], r['Leads opened'], r['Leads won']])).toEqual([
        ['2024-05-01', '6', '7', '0'],
        ['2024-06-01', '0', '0', '0'],
        ['2024-07-01', '0', '0', '0'],
        ['2024-08-01', '0', '0', '0'],
        ['2024-09-01', '0', '0', '1'],
      ]);
      const weeks = { from: '2024-05-15', to: '2024-05-28', interval: 'WEEK' };
      const sheets = await xlsxSheets(path('activity', weeks, { format: 'xlsx' }));
      expect(sheets).toEqual({ periods: (await report(ACTIVITY, weeks)).periods.map(periodRow) });
      expect(sheets.periods[0]).toMatchObject({ Start: '2024-05-15', End: '2024-05-19', 'Meetings held': 2 });
    });
  });

  describe('errors and access', () => {
    it('answers 400 naming the args field, with the same validation as the GraphQL arguments', async () => {
      expect(await failure(`/exports/reports/trip?args={oops`)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'args' });
      expect(await failure(path('trip', [DEMO_IDS.trip] as any))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'args' });
      expect(await failure(path('trip', null))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'args.tripId' });
      const milan = await failure(path('trip', { tripId: 'milan' }));
      expect(milan).toEqual({ code: 'BAD_USER_INPUT', field: 'args.tripId', message: 'tripId must be a UUID' });
      expect(await failure(path('trip', { tripId: DEMO_IDS.trip, asOf: '2024-02-30' }))).toMatchObject({ field: 'args.asOf' });
      expect(await failure(path('trip', { tripId: DEMO_IDS.trip, format: 'pdf' }))).toMatchObject({ field: 'args.format' });
      expect(await failure(path('pipeline', { filter: { tripId: 'milan' } }))).toMatchObject({ field: 'args.filter.tripId' });
      expect(await failure(path('pipeline', { groupBy: 'CITY' }))).toMatchObject({ field: 'args.groupBy' });
      expect(await failure(path('pipeline', { filter: { topic: 'a\u0000b' } }))).toMatchObject({ field: 'args.filter.topic' });
      // Numbers are not read from strings, as in GraphQL variables.
      expect(await failure(path('follow-up', { staleDays: '30' }))).toMatchObject({ field: 'args.staleDays' });
      expect(await failure(path('follow-up', { staleDays: 0 }))).toMatchObject({ field: 'args.staleDays' });
      // The report's own checks name the path inside args too.
      expect(await failure(path('activity', { from: '2024-06-01', to: '2024-05-31' }))).toMatchObject({ field: 'args.to' });
      expect(await failure(path('pipeline', { filter: { from: '2024-06-01', to: '2024-05-31' } }))).toMatchObject({
        field: 'args.filter.to',
      });
    });

    it('answers 400 for an unknown section, listing the valid ones, and for a bad format or parameter', async () => {
      const section = await failure(path('trip', { tripId: DEMO_IDS.trip }, { section: 'budget' }));
      expect(section).toMatchObject({ code: 'BAD_USER_INPUT', field: 'section' });
      expect(section.message).toBe(
        'section must be one of: summary, meetings-by-kind, meetings-by-city, organisations-by-country, organisations-by-kind, ' +
          'new-contacts, leads-by-stage, leads, partnerships, open-commitments',
      );
      expect(await failure(path('activity', null, { section: 'stages' }))).toMatchObject({ message: 'section must be one of: periods' });
      expect(await failure(path('pipeline', null, { format: 'pdf' }))).toMatchObject({ field: 'format' });
      expect(await failure(path('pipeline', null, { separator: 'tab' }))).toMatchObject({ field: 'separator' });
      expect(await failure(path('pipeline', null, { filter: '{}' }))).toMatchObject({ field: 'filter' });
    });

    it('answers 404 for an unknown report or trip, 401 without a token, and serves a VIEWER', async () => {
      expect(await failure(path('budget', null), 404)).toMatchObject({ code: 'NOT_FOUND', field: 'report' });
      expect(await failure(path('trip', { tripId: UNKNOWN }), 404)).toMatchObject({ code: 'NOT_FOUND', field: 'args.tripId' });
      expect((await download(path('pipeline', null), null)).status).toBe(401);
      expect((await download(path('trip', { tripId: DEMO_IDS.trip }, { format: 'xlsx' }), null)).status).toBe(401);

      const rows = await csvRows(path('trip', { tripId: DEMO_IDS.trip }), { token: viewer });
      expect(rows).toEqual(tripSheets(await report(TRIP, { tripId: DEMO_IDS.trip }, viewer)).summary.map(asCsv));
    });

    it('names the download after the report and section, beside the list exports', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const csv = await download(path('trip', { tripId: DEMO_IDS.trip }, { section: 'leads' }));
      expect(csv.headers.get('content-disposition')).toBe(`attachment; filename=liaison-trip-report-leads-${today}.csv`);
      const xlsx = await download(path('follow-up', null, { format: 'xlsx' }));
      expect(xlsx.headers.get('content-disposition')).toBe(`attachment; filename=liaison-follow-up-report-${today}.xlsx`);
      // The list route still answers for one segment, and /exports/reports alone is no list.
      expect((await download('/exports/leads')).status).toBe(200);
      expect((await download('/exports/reports')).status).toBe(404);
    });
  });
});
