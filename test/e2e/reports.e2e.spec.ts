import { DEMO_IDS, DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../src/seed/demo-data';
import { createTestApp, TestApp } from '../utils/test-app';
import { Db } from '../../src/database/table';
import { ReportingRepository } from '../../src/reporting/reporting.repository';
import { usingPostgres } from '../utils/test-database';

/*
 * Every expected number below is counted by hand from src/seed/demo-data.ts.
 * The demo: 7 leads of the May 2024 trip, all opened 2024-05-14 18:00Z, each
 * later stage 30 days after the previous one (T1 = 2024-06-13, T2 = 07-13,
 * T3 = 08-12, T4 = 09-11, all 18:00Z):
 *   brembo-supply       SUPPLY      NEW..NEGOTIATING      2,500,000  40 jobs  staff  IT+DE
 *   zwickau-pilot       MUNICIPAL   NEW..QUALIFIED          800,000           lead   IT+DE
 *   autonomous-rd       JOINT_RD    NEW..CONTACTED        1,200,000           staff  IT+DE
 *   zwickau-settlement  INVESTMENT  NEW                  15,000,000 120 jobs  lead   DE+IT
 *   lamborghini         KNOWLEDGE_  NEW..WON (T4)           150,000           staff  IT+DE
 *   sensor-export       EXPORT      NEW, CONTACTED, LOST    300,000           staff  IT
 *   milano-data         MUNICIPAL   NEW, CONTACTED, ON_HOLD     none           lead   IT+DE
 * Total value 19,950,000. One partnership (MoU, 150,000, signed 2024-09-20).
 * 8 programme items: 6 HELD (3 VISIT, 2 TALK, 1 B2B), 1 PLANNED, 1 CANCELLED.
 */
const TOTAL_VALUE = 19_950_000;
const STAFF_NAME = DEMO_USERS.staff.displayName;
const LEAD_NAME = DEMO_USERS.lead.displayName;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const PIPELINE = `query ($filter: PipelineReportFilter, $groupBy: PipelineGroupBy) {
  pipelineReport(filter: $filter, groupBy: $groupBy) {
    asOf totalLeads totalEstimatedValue groupBy
    stages { stage leads estimatedValue reached conversionRate medianDaysInStage }
    groups { key label leads estimatedValue } } }`;

const TRIP = `query ($tripId: ID!, $asOf: String) { tripReport(tripId: $tripId, asOf: $asOf) {
  tripId asOf trip { name }
  meetings { total held planned cancelled byKind { key count } byCity { key count } }
  organisations { total new alreadyKnown byCountry { key total new alreadyKnown } byKind { key total new alreadyKnown } }
  peopleMet peopleMetForFirstTime newContacts { familyName }
  leads { opened estimatedValue potentialJobs byStage { key count } leads { title stage currentStage stageSince lead { id } } }
  partnerships { formed valueEur potentialJobs partnerships { title signedOn valueEur partnership { kind } } }
  commitments { kept open overdue openCommitments { title dueDate } } } }`;

const FOLLOW_UPS = `query ($staleDays: Int, $upcomingDays: Int) { followUpReport(staleDays: $staleDays, upcomingDays: $upcomingDays) {
  staleDays upcomingDays
  overdueTasksByAssignee { overdue commitments oldestDueDate assignee { displayName } }
  staleLeads { title stage lastActivityAt daysInactive owner { displayName } lead { id } }
  upcomingNextSteps { title nextStep nextStepDate owner { displayName } }
  commitmentsPastDue { title dueDate } } }`;

const ACTIVITY = `query ($from: String!, $to: String!, $interval: ActivityInterval) {
  activityReport(from: $from, to: $to, interval: $interval) {
    from to interval periods { start end meetingsHeld newContacts leadsOpened leadsWon } } }`;

/** A day relative to today, YYYY-MM-DD in UTC, the database's zone in the tests. */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

const zeros = { meetingsHeld: 0, newContacts: 0, leadsOpened: 0, leadsWon: 0 };

describe('Reports', () => {
  let t: TestApp;
  let staff: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.transaction((db) => seedDemo(db));
    staff = await t.login(DEMO_USERS.staff.email, DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  const ok = async (query: string, variables: Record<string, unknown>, token = staff) => {
    const res = await t.gql(query, variables, token);
    expect(res.errors).toBeUndefined();
    return res.data;
  };
  const pipeline = async (variables: Record<string, unknown> = {}) => (await ok(PIPELINE, variables)).pipelineReport;
  const trip = async (asOf?: string) => (await ok(TRIP, { tripId: DEMO_IDS.trip, asOf })).tripReport;
  const failure = async (query: string, variables: Record<string, unknown>) => {
    const res = await t.gql(query, variables, staff);
    expect(res.data).toBeNull();
    return res.errors![0].extensions;
  };

  describe('pipelineReport', () => {
    it('counts leads and value per stage, with conversion along the pipeline', async () => {
      const report = await pipeline();
      expect(report).toMatchObject({ asOf: null, totalLeads: 7, totalEstimatedValue: TOTAL_VALUE, groupBy: 'STAGE' });
      const stages = report.stages.map(({ stage, leads, estimatedValue, reached }: any) => [stage, leads, estimatedValue, reached]);
      expect(stages).toEqual([
        ['NEW', 1, 15_000_000, 7],
        ['CONTACTED', 1, 1_200_000, 6],
        ['QUALIFIED', 1, 800_000, 3],
        ['NEGOTIATING', 1, 2_500_000, 2],
        ['WON', 1, 150_000, 1],
        ['LOST', 1, 300_000, 1],
        ['ON_HOLD', 1, 0, 1],
      ]);
      const rates = report.stages.map((s: any) => s.conversionRate);
      expect(rates[0]).toBeCloseTo(6 / 7, 10);
      expect(rates[1]).toBeCloseTo(3 / 6, 10);
      expect(rates[2]).toBeCloseTo(2 / 3, 10);
      expect(rates[3]).toBeCloseTo(1 / 2, 10);
      expect(rates.slice(4)).toEqual([null, null, null]);
      // Stays that ended took 30 days; the one lead still in each stage has been there much longer.
      expect(report.stages.slice(0, 3).map((s: any) => s.medianDaysInStage)).toEqual([30, 30, 30]);
      // Still in WON or LOST is not time "spent" in a stage.
      expect(report.stages[4].medianDaysInStage).toBeNull();
      expect(report.stages[5].medianDaysInStage).toBeNull();
      expect(report.groups).toEqual(
        ['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING', 'WON', 'LOST', 'ON_HOLD'].map((stage, i) => ({
          key: stage,
          label: stage,
          leads: 1,
          estimatedValue: [15_000_000, 1_200_000, 800_000, 2_500_000, 150_000, 300_000, 0][i],
        })),
      );
    });

    it('replays the stage history as of the end of a day', async () => {
      // On 2024-05-31 only the openings (2024-05-14 18:00Z) had happened: all seven leads NEW for 17.25 days.
      const may = await pipeline({ filter: { asOf: '2024-05-31' } });
      expect(may).toMatchObject({ asOf: '2024-05-31', totalLeads: 7, totalEstimatedValue: TOTAL_VALUE });
      expect(may.stages.map((s: any) => [s.stage, s.leads, s.reached, s.conversionRate, s.medianDaysInStage])).toEqual([
        ['NEW', 7, 7, 0, 17.25],
        ['CONTACTED', 0, 0, null, null],
        ['QUALIFIED', 0, 0, null, null],
        ['NEGOTIATING', 0, 0, null, null],
        ['WON', 0, 0, null, null],
        ['LOST', 0, 0, null, null],
        ['ON_HOLD', 0, 0, null, null],
      ]);

      // On 2024-08-31 (end of day: 2024-09-01 00:00Z): T3 had happened, T4 (Lamborghini WON) not yet.
      const august = await pipeline({ filter: { asOf: '2024-08-31' } });
      expect(august.stages.map((s: any) => [s.stage, s.leads, s.reached])).toEqual([
        ['NEW', 1, 7],
        ['CONTACTED', 1, 6],
        ['QUALIFIED', 1, 3],
        ['NEGOTIATING', 2, 2],
        ['WON', 0, 0],
        ['LOST', 1, 1],
        ['ON_HOLD', 1, 1],
      ]);
      expect(august.stages[3].estimatedValue).toBe(2_650_000);

      // On 2024-12-31 (cutoff 2025-01-01 00:00Z, 231.25 days after the openings), medians are fixed numbers:
      // NEGOTIATING: Lamborghini 30 days, Brembo still there since T3 = 231.25 - 90 = 141.25 -> median 85.625;
      // ON_HOLD: milano-data since T2 = 171.25.
      const december = await pipeline({ filter: { asOf: '2024-12-31' } });
      expect(december.stages.map((s: any) => s.medianDaysInStage)).toEqual([30, 30, 30, 85.625, null, null, 171.25]);
    });

    it('groups by kind, topic, owner and country', async () => {
      const groups = async (groupBy: string) => (await pipeline({ groupBy })).groups.map((g: any) => [g.key, g.label, g.leads, g.estimatedValue]);
      expect(await groups('KIND')).toEqual([
        ['MUNICIPAL', 'MUNICIPAL', 2, 800_000],
        ['EXPORT', 'EXPORT', 1, 300_000],
        ['INVESTMENT', 'INVESTMENT', 1, 15_000_000],
        ['JOINT_RD', 'JOINT_RD', 1, 1_200_000],
        ['KNOWLEDGE_EXCHANGE', 'KNOWLEDGE_EXCHANGE', 1, 150_000],
        ['SUPPLY', 'SUPPLY', 1, 2_500_000],
      ]);
      // A lead with two topics counts under each.
      expect(await groups('TOPIC')).toEqual([
        ['smart city', 'smart city', 3, 1_100_000],
        ['reshoring of automotive value chains', 'reshoring of automotive value chains', 2, 17_500_000],
        ['autonomous vehicles', 'autonomous vehicles', 1, 1_200_000],
        ['brakes', 'brakes', 1, 2_500_000],
        ['electromobility', 'electromobility', 1, 15_000_000],
        ['smart infrastructure', 'smart infrastructure', 1, 800_000],
        ['sustainable vehicle production', 'sustainable vehicle production', 1, 150_000],
      ]);
      const owners = await groups('OWNER');
      expect(owners.map(([, label, leads, value]: any[]) => [label, leads, value])).toEqual([
        [STAFF_NAME, 4, 4_150_000],
        [LEAD_NAME, 3, 15_800_000],
      ]);
      // Every lead has an Italian partner; all but the sensor export also a Saxon organisation.
      expect(await groups('COUNTRY')).toEqual([
        ['IT', 'IT', 7, TOTAL_VALUE],
        ['DE', 'DE', 6, TOTAL_VALUE - 300_000],
      ]);
    });

    it('filters by period, trip, kind, topic, owner, country and region, alone and together', async () => {
      const total = async (filter: Record<string, unknown>) => {
        const report = await pipeline({ filter });
        return [report.totalLeads, report.totalEstimatedValue];
      };
      expect(await total({ from: '2024-05-14', to: '2024-05-14' })).toEqual([7, TOTAL_VALUE]);
      expect(await total({ from: '2024-05-15' })).toEqual([0, 0]);
      expect(await total({ to: '2024-05-13' })).toEqual([0, 0]);
      expect(await total({ tripId: DEMO_IDS.trip })).toEqual([7, TOTAL_VALUE]);
      expect(await total({ tripId: UNKNOWN })).toEqual([0, 0]);
      expect(await total({ kinds: ['MUNICIPAL', 'EXPORT'] })).toEqual([3, 1_100_000]);
      expect(await total({ topic: 'Smart City' })).toEqual([3, 1_100_000]);
      // Emilia-Romagna: the region itself (autonomous-rd, zwickau-settlement) and Lamborghini.
      expect(await total({ region: 'emilia-romagna' })).toEqual([3, 16_350_000]);
      expect(await total({ country: 'de', kinds: ['MUNICIPAL'] })).toEqual([2, 800_000]);
      // A period and a place: May 2024 is a whole month (the place's month slices), 14 May a part month (its leads one by one).
      expect(await total({ from: '2024-05-01', to: '2024-05-31', country: 'DE' })).toEqual([6, TOTAL_VALUE - 300_000]);
      expect(await total({ from: '2024-05-14', to: '2024-05-14', country: 'IT' })).toEqual([7, TOTAL_VALUE]);
      expect(await total({ from: '2024-01-01', to: '2024-12-31', region: 'emilia-romagna' })).toEqual([3, 16_350_000]);
      expect(await total({ from: '2024-06-01', region: 'emilia-romagna' })).toEqual([0, 0]);
      const owners = (await pipeline({ groupBy: 'OWNER' })).groups;
      const thomas = owners.find((g: any) => g.label === LEAD_NAME).key;
      expect(await total({ ownerId: thomas })).toEqual([3, 15_800_000]);
      // Filters combine with the stage figures and groupings.
      const report = await pipeline({ filter: { ownerId: thomas, asOf: '2024-05-31' }, groupBy: 'KIND' });
      expect(report.stages[0]).toMatchObject({ stage: 'NEW', leads: 3, reached: 3 });
      expect(report.groups.map((g: any) => [g.key, g.leads])).toEqual([['MUNICIPAL', 2], ['INVESTMENT', 1]]);
    });

    it('names the field of a bad filter', async () => {
      expect(await failure(PIPELINE, { filter: { asOf: '31.05.2024' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.asOf' });
      expect(await failure(PIPELINE, { filter: { from: '2024-02-30' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.from' });
      expect(await failure(PIPELINE, { filter: { from: '2024-06-01', to: '2024-05-01' } })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'filter.to',
      });
      expect(await failure(PIPELINE, { filter: { country: 'Italy' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.country' });
      expect(await failure(PIPELINE, { filter: { tripId: 'milan' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.tripId' });
    });
  });

  describe('tripReport', () => {
    it('sums up the trip as it stands', async () => {
      const report = await trip();
      expect(report).toMatchObject({ tripId: DEMO_IDS.trip, asOf: null, trip: { name: 'Delegationsreise Norditalien 2024' } });
      expect(report.meetings).toEqual({
        total: 8,
        held: 6,
        planned: 1,
        cancelled: 1,
        byKind: [
          { key: 'VISIT', count: 3 },
          { key: 'TALK', count: 2 },
          { key: 'B2B', count: 1 },
        ],
        // Milano from the location (Palazzo Lombardia, Milano; Milano; Comune di Milano), Modena likewise;
        // Brembo ("Stezzano (BG)") and Lamborghini name no destination: their host's city.
        byCity: [
          { key: 'Milano', count: 3 },
          { key: 'Modena', count: 1 },
          { key: "Sant'Agata Bolognese", count: 1 },
          { key: 'Stezzano', count: 1 },
        ],
      });
      // Met: Regione Lombardia, Brembo, Siemens Italia, Comune di Milano, Lamborghini, Regione Emilia-Romagna;
      // not the delegation's own SMWA, AMZ and Stadt Zwickau.
      expect(report.organisations).toEqual({
        total: 6,
        new: 6,
        alreadyKnown: 0,
        byCountry: [{ key: 'IT', total: 6, new: 6, alreadyKnown: 0 }],
        byKind: [
          { key: 'COMPANY', total: 3, new: 3, alreadyKnown: 0 },
          { key: 'PUBLIC_AUTHORITY', total: 3, new: 3, alreadyKnown: 0 },
        ],
      });
      expect(report.peopleMet).toBe(5);
      expect(report.peopleMetForFirstTime).toBe(5);
      expect(report.newContacts.map((p: any) => p.familyName)).toEqual(['Bianchi', 'Colombo', "D'Amico", 'Ferrari', 'Rossi']);

      expect(report.leads).toMatchObject({ opened: 7, estimatedValue: TOTAL_VALUE, potentialJobs: 160 });
      expect(report.leads.byStage).toEqual(
        ['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING', 'WON', 'LOST', 'ON_HOLD'].map((key) => ({ key, count: 1 })),
      );
      expect(report.leads.leads.map((l: any) => l.stage)).toEqual(['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING', 'WON', 'LOST', 'ON_HOLD']);
      const brembo = report.leads.leads.find((l: any) => l.lead.id === DEMO_IDS.lead('brembo-supply'));
      expect(brembo).toMatchObject({ stage: 'NEGOTIATING', currentStage: 'NEGOTIATING', stageSince: '2024-08-12T18:00:00.000Z' });

      expect(report.partnerships).toEqual({
        formed: 1,
        valueEur: 150_000,
        potentialJobs: 0,
        partnerships: [
          { title: 'Absichtserklärung Wissensaustausch nachhaltige Produktion', signedOn: '2024-09-20', valueEur: 150_000, partnership: { kind: 'MOU' } },
        ],
      });
      // Commitments of the meetings: Brembo list (open, due 2024-06-15), Siemens sketch (open, due in 10 days),
      // Lombardia follow-up (open, due 2024-07-01), Lamborghini MoU draft (done 2024-08-30).
      expect(report.commitments).toEqual({
        kept: 1,
        open: 3,
        overdue: 2,
        openCommitments: [
          { title: 'Liste sächsischer Bremsscheiben-Zulieferer an Brembo senden', dueDate: '2024-06-15' },
          { title: 'Folgetermin auf Arbeitsebene mit der Regione Lombardia vereinbaren', dueDate: '2024-07-01' },
          { title: 'Pilotskizze Smart Infrastructure für Zwickau an Siemens Italia', dueDate: day(10) },
        ],
      });
    });

    it('answers "what did it look like then" from the stage history', async () => {
      // 2024-05-31: every lead still NEW, nothing signed, no commitment done and none due yet.
      const may = await trip('2024-05-31');
      expect(may.asOf).toBe('2024-05-31');
      expect(may.leads).toMatchObject({ opened: 7, estimatedValue: TOTAL_VALUE, byStage: [{ key: 'NEW', count: 7 }] });
      expect(may.leads.leads.every((l: any) => l.stage === 'NEW' && l.stageSince === '2024-05-14T18:00:00.000Z')).toBe(true);
      expect(may.leads.leads.map((l: any) => l.currentStage).sort()).toEqual(
        ['CONTACTED', 'LOST', 'NEGOTIATING', 'NEW', 'ON_HOLD', 'QUALIFIED', 'WON'],
      );
      expect(may.partnerships).toEqual({ formed: 0, valueEur: 0, potentialJobs: 0, partnerships: [] });
      expect(may.commitments).toMatchObject({ kept: 0, open: 4, overdue: 0 });
      // The trip itself does not change with asOf.
      expect(may.meetings.held).toBe(6);
      expect(may.organisations.total).toBe(6);

      // Three months after the trip: T3 had happened; Lamborghini still NEGOTIATING (WON on 2024-09-11),
      // the MoU draft done on 2024-08-30, the Brembo list and Lombardia follow-up overdue.
      const august = await trip('2024-08-31');
      expect(august.leads.byStage).toEqual([
        { key: 'NEW', count: 1 },
        { key: 'CONTACTED', count: 1 },
        { key: 'QUALIFIED', count: 1 },
        { key: 'NEGOTIATING', count: 2 },
        { key: 'LOST', count: 1 },
        { key: 'ON_HOLD', count: 1 },
      ]);
      expect(august.partnerships.formed).toBe(0);
      expect(august.commitments).toMatchObject({ kept: 1, open: 3, overdue: 2 });

      // After the signing on 2024-09-20.
      const september = await trip('2024-09-30');
      expect(september.leads.byStage.find((s: any) => s.key === 'WON')).toEqual({ key: 'WON', count: 1 });
      expect(september.partnerships).toMatchObject({ formed: 1, valueEur: 150_000 });
    });

    it('answers NOT_FOUND for an unknown trip and names bad arguments', async () => {
      expect(await failure(TRIP, { tripId: UNKNOWN })).toMatchObject({ code: 'NOT_FOUND', field: 'tripId' });
      expect(await failure(TRIP, { tripId: 'milan' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tripId' });
      expect(await failure(TRIP, { tripId: DEMO_IDS.trip, asOf: '2024-02-30' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
    });
  });

  describe('followUpReport', () => {
    it('lists overdue tasks by assignee, stale leads, upcoming next steps and commitments past due', async () => {
      const report = (await ok(FOLLOW_UPS, {})).followUpReport;
      expect(report).toMatchObject({ staleDays: 30, upcomingDays: 14 });
      expect(report.overdueTasksByAssignee).toEqual([
        { overdue: 1, commitments: 1, oldestDueDate: '2024-06-15', assignee: { displayName: STAFF_NAME } },
        { overdue: 1, commitments: 1, oldestDueDate: '2024-07-01', assignee: { displayName: LEAD_NAME } },
      ]);
      // Brembo, the Zwickau pilot and the settlement have tasks (and Brembo a note) written today; WON and LOST are closed.
      expect(report.staleLeads.map((l: any) => [l.title, l.stage, l.lastActivityAt, l.owner.displayName])).toEqual([
        ['F&E-Kooperation autonome Fahrzeuge', 'CONTACTED', '2024-06-13T18:00:00.000Z', STAFF_NAME],
        ['Smart-City-Datenplattform: Erfahrungsaustausch Mailand-Zwickau', 'ON_HOLD', '2024-07-13T18:00:00.000Z', LEAD_NAME],
      ]);
      expect(report.staleLeads[0].daysInactive).toBe(Math.floor((Date.now() - Date.parse('2024-06-13T18:00:00Z')) / 86_400_000));
      expect(report.staleLeads[0].lead.id).toBe(DEMO_IDS.lead('autonomous-rd'));
      expect(report.upcomingNextSteps).toEqual([
        { title: 'Ansiedlung eines emilianischen Zulieferers in Zwickau', nextStep: 'Standortexposé senden', nextStepDate: day(3), owner: { displayName: LEAD_NAME } },
        { title: 'Bremsscheiben-Komponenten sächsischer Zulieferer für Brembo', nextStep: 'Angebote zweier AMZ-Mitglieder an Brembo übergeben', nextStepDate: day(7), owner: { displayName: STAFF_NAME } },
      ]);
      expect(report.commitmentsPastDue).toEqual([
        { title: 'Liste sächsischer Bremsscheiben-Zulieferer an Brembo senden', dueDate: '2024-06-15' },
        { title: 'Folgetermin auf Arbeitsebene mit der Regione Lombardia vereinbaren', dueDate: '2024-07-01' },
      ]);
    });

    it('takes the staleness and look-ahead windows as arguments', async () => {
      const report = (await ok(FOLLOW_UPS, { staleDays: 3650, upcomingDays: 30 })).followUpReport;
      expect(report.staleLeads).toEqual([]);
      // The Zwickau pilot's workshop (in 21 days) joins; the R&D next step (30 days ago) is past, not upcoming.
      expect(report.upcomingNextSteps.map((s: any) => s.nextStepDate)).toEqual([day(3), day(7), day(21)]);
      expect(await failure(FOLLOW_UPS, { staleDays: 0 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'staleDays' });
      expect(await failure(FOLLOW_UPS, { upcomingDays: 366 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'upcomingDays' });
    });
  });

  describe('activityReport', () => {
    it('counts per month, empty months included', async () => {
      const report = (await ok(ACTIVITY, { from: '2024-05-01', to: '2024-09-30', interval: 'MONTH' })).activityReport;
      expect(report).toMatchObject({ from: '2024-05-01', to: '2024-09-30', interval: 'MONTH' });
      expect(report.periods).toEqual([
        { start: '2024-05-01', end: '2024-05-31', ...zeros, meetingsHeld: 6, leadsOpened: 7 },
        { start: '2024-06-01', end: '2024-06-30', ...zeros },
        { start: '2024-07-01', end: '2024-07-31', ...zeros },
        { start: '2024-08-01', end: '2024-08-31', ...zeros },
        { start: '2024-09-01', end: '2024-09-30', ...zeros, leadsWon: 1 },
      ]);
    });

    it('counts per ISO week, the first and last clipped to the period', async () => {
      // From Wednesday 15 May: Lamborghini and the B2B talks (15 May) were held; the 16 May talk is PLANNED.
      const report = (await ok(ACTIVITY, { from: '2024-05-15', to: '2024-05-28', interval: 'WEEK' })).activityReport;
      expect(report.periods).toEqual([
        { start: '2024-05-15', end: '2024-05-19', ...zeros, meetingsHeld: 2 },
        { start: '2024-05-20', end: '2024-05-26', ...zeros },
        { start: '2024-05-27', end: '2024-05-28', ...zeros },
      ]);
    });

    it('counts the demo contacts, created when seeded, as new contacts now', async () => {
      const now = new Date();
      const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
      const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
      const report = (await ok(ACTIVITY, { from, to })).activityReport;
      expect(report.interval).toBe('MONTH');
      expect(report.periods).toHaveLength(2);
      // Dulig, Vogel, Queck-Hänel, Schmidt, Rossi, D'Amico, Bianchi, Ferrari, Colombo.
      expect(report.periods.reduce((sum: number, p: any) => sum + p.newContacts, 0)).toBe(9);
    });

    it('names the field of a bad period', async () => {
      expect(await failure(ACTIVITY, { from: '2024-13-01', to: '2024-12-31' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
      expect(await failure(ACTIVITY, { from: '2024-06-01', to: '2024-05-31' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
      expect(await failure(ACTIVITY, { from: '2020-01-01', to: '2025-01-02' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    });
  });

  it('lets a VIEWER read every report, and nobody without a token', async () => {
    const viewer = await t.login(DEMO_USERS.ministry.email, DEMO_PASSWORD);
    const query = `query ($tripId: ID!) {
      pipelineReport { totalLeads }
      tripReport(tripId: $tripId) { leads { opened } }
      followUpReport { commitmentsPastDue { id } }
      activityReport(from: "2024-05-01", to: "2024-05-31") { periods { leadsOpened } } }`;
    const data = await ok(query, { tripId: DEMO_IDS.trip }, viewer);
    expect(data).toEqual({
      pipelineReport: { totalLeads: 7 },
      tripReport: { leads: { opened: 7 } },
      followUpReport: { commitmentsPastDue: [{ id: expect.any(String) }, { id: expect.any(String) }] },
      activityReport: { periods: [{ leadsOpened: 7 }] },
    });
    const anonymous = await t.gql(query, { tripId: DEMO_IDS.trip });
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('reads the pipeline in a fixed few statements, none per lead or group', async () => {
    const count = async (variables: Record<string, unknown>) => {
      const { result, statements } = await t.queries.count(() => t.gql(PIPELINE, variables, staff));
      expect(result.errors).toBeUndefined();
      return statements.filter((s) => !/^(START TRANSACTION|COMMIT|SET TRANSACTION|BEGIN)/.test(s)).length;
    };
    // Session check, actor of the snapshot, one statement for the stages and the groups.
    expect(await count({ groupBy: 'COUNTRY' })).toBe(3);
    // A filter adds the planner's estimate of how many leads it keeps (EXPLAIN, no rows read).
    expect(await count({ filter: { topic: 'automotive' }, groupBy: 'COUNTRY' })).toBe(4);
    // A period, kinds, a country or a region alone is read from the slice ledgers, no estimate needed.
    expect(await count({ filter: { from: '2024-01-01', to: '2024-06-30' }, groupBy: 'COUNTRY' })).toBe(3);
    expect(await count({ filter: { kinds: ['MUNICIPAL'] }, groupBy: 'COUNTRY' })).toBe(3);
    // So is a period and a country, an owner or a team alone (its members' slices).
    expect(await count({ filter: { from: '2024-01-01', to: '2024-06-30', country: 'IT' }, groupBy: 'COUNTRY' })).toBe(3);
    const [{ id: ownerId }] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [DEMO_USERS.staff.email]);
    expect(await count({ filter: { ownerId }, groupBy: 'OWNER' })).toBe(3);
    const team = await t.asAdmin(`mutation { createTeam(input: { name: "Statement count team" }) { id } }`);
    expect(await count({ filter: { teamId: team.data.createTeam.id }, groupBy: 'OWNER' })).toBe(3);
    // From the stage history: stages and groups in one statement too.
    expect(await count({ filter: { asOf: '2024-08-31' }, groupBy: 'COUNTRY' })).toBe(3);
  });

  it('reads the trip report over two connections that share one snapshot on PostgreSQL, over one on PGlite', async () => {
    const { result, statements } = await t.queries.count(() => t.gql(TRIP, { tripId: DEMO_IDS.trip }, staff));
    expect(result.errors).toBeUndefined();
    expect(result.data.tripReport.leads.opened).toBe(7);
    // the report's transaction exports its snapshot, the second connection's read-only transaction imports it
    const shared = statements.filter((s) => /^SELECT pg_export_snapshot\(\)|^SET TRANSACTION SNAPSHOT '/.test(s)).length;
    expect(shared).toBe(usingPostgres() ? 2 : 0);
  });

  it('shares one snapshot between the two connections of a report', async () => {
    const repository = t.app.get(ReportingRepository, { strict: false });
    const read = async (db: Db): Promise<{ pid: number; snapshot: string; probes: number }> =>
      (
        await db.query(
          `SELECT pg_backend_pid() AS pid, pg_current_snapshot()::text AS snapshot,
                  (SELECT count(*)::int FROM organisations WHERE name = 'Snapshot probe') AS probes`,
        )
      )[0];
    const [first, second] = await repository.snapshotAll([
      async (db) => {
        const row = await read(db);
        // committed on a third connection after the snapshot was taken (PGlite has only the one)
        if (usingPostgres()) await t.dataSource.query(`INSERT INTO organisations (name, kind) VALUES ('Snapshot probe', 'COMPANY')`);
        return row;
      },
      async (db) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return read(db);
      },
    ]);
    expect(second.pid === first.pid).toBe(!usingPostgres());
    expect(second.snapshot).toBe(first.snapshot);
    expect([first.probes, second.probes]).toEqual([0, 0]);
    if (usingPostgres()) {
      const [{ n }] = await t.dataSource.query(`WITH gone AS (DELETE FROM organisations WHERE name = 'Snapshot probe' RETURNING id) SELECT count(*)::int AS n FROM gone`);
      expect(n).toBe(1);
    }
  });

  it('tells organisations and people met before the trip from new ones', async () => {
    // Brembo and Giulia Rossi were met once in 2023, outside the trip.
    await t.dataSource.transaction(async (db) => {
      const [{ id }] = await db.query(
        `INSERT INTO meetings (title, kind, status, starts_at, time_zone) VALUES ('Erstkontakt Brembo', 'CALL', 'HELD', '2023-03-01T10:00Z', 'Europe/Rome') RETURNING id`,
      );
      await db.query(`INSERT INTO meeting_organisations (meeting_id, organisation_id) VALUES ($1, $2)`, [id, DEMO_IDS.org('brembo')]);
      await db.query(`INSERT INTO meeting_participants (meeting_id, person_id, side) VALUES ($1, $2, 'HOST')`, [id, DEMO_IDS.person('rossi')]);
    });
    const report = await trip();
    expect(report.organisations).toMatchObject({
      total: 6,
      new: 5,
      alreadyKnown: 1,
      byCountry: [{ key: 'IT', total: 6, new: 5, alreadyKnown: 1 }],
      byKind: [
        { key: 'COMPANY', total: 3, new: 2, alreadyKnown: 1 },
        { key: 'PUBLIC_AUTHORITY', total: 3, new: 3, alreadyKnown: 0 },
      ],
    });
    expect(report.peopleMet).toBe(5);
    expect(report.peopleMetForFirstTime).toBe(4);
    expect(report.newContacts.map((p: any) => p.familyName)).toEqual(['Bianchi', 'Colombo', "D'Amico", 'Ferrari']);
  });
});
