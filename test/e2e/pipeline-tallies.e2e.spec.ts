import fc from 'fast-check';
import { asViewer, Viewer } from '../../src/access/access-policy';
import { Role } from '../../src/auth/role.enum';
import { LeadKind } from '../../src/leads/lead.enums';
import { PipelineGroupBy } from '../../src/reporting/pipeline-report.model';
import { PipelineReportFilter } from '../../src/reporting/dto/pipeline-report.args';
import { FactsReading, PipelineFigures, ReportingRepository } from '../../src/reporting/reporting.repository';
import { createTestApp, TestApp } from '../utils/test-app';

/*
 * The pipeline now (no asOf) is read from what triggers keep (migrations
 * 1795640000000 to 1795690000000): the whole pipeline from ledgers, a
 * filtered one from the leads' facts rows, either the leads the filter keeps
 * or the ledgers less the leads it leaves out, and a country, a region,
 * kinds, an owner, a team or a period alone, or a period and a country or
 * a region, from the slice ledgers (for a period, its whole months' rows
 * plus the leads of its part months; for a team, its members' rows plus its
 * leads owned by others); asOf reads the stage history.
 * Property: after any sequence of writes (leads opened, moved with
 * back-dated stage changes, re-kinded, re-owned, re-valued, re-topiced,
 * back-dated, some to hours around a month's start, given an origin trip,
 * made confidential or internal, moved between teams, archived, restored,
 * deleted; organisations linked, unlinked, moved to another country or
 * region; users joining and leaving teams; ledgers compacted or not), for every kind of viewer every way
 * gives the same figures as the stage history, to the last digit of every
 * median, and the ledgers equal sums computed from scratch.
 *
 * Every lead is asked for through a filter with `from: 1900-01-01` (a
 * period: the slice ledgers). Each run asks for one random filter (one or
 * two conditions) both ways, and for one random slice (a period, kinds, a
 * country, a region, an owner or a team) through the slice ledgers, as one
 * viewer, in a session time zone whose months may begin hours away from
 * UTC's. All are read in one snapshot, so `now()` is the
 * same instant for each.
 */

const KINDS = ['SUPPLY', 'INVESTMENT', 'EXPORT'];
const STAGES = ['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING', 'WON', 'LOST', 'ON_HOLD'];
const TOPICS = ['brakes', 'smart city', 'wasserstoff'];
const COUNTRIES = ['IT', 'DE', 'AT'];
// spelled differently on purpose: the region filter folds case and accents
const REGIONS = ['Sachsen', 'SACHSEN', 'Emilia-Romagna', 'Émilia-Romagna', null];

type Op =
  | {
      op: 'open';
      kind: number;
      owner: number;
      value: number | null;
      topics: number[];
      confidential: boolean;
      team: number | null;
      daysAgo: number;
      organisation: number | null;
    }
  | { op: 'move'; lead: number; stage: number; afterDays: number }
  | { op: 'update'; lead: number; kind?: number; owner?: number; value?: number | null; topics?: number[] }
  | { op: 'confidentiality'; lead: number; confidential: boolean; team: number | null }
  | { op: 'archive' | 'restore' | 'delete'; lead: number }
  | { op: 'link' | 'unlink'; lead: number; organisation: number }
  | { op: 'relocate'; organisation: number; country: number }
  | { op: 'region'; organisation: number; region: number }
  | { op: 'backdate'; lead: number; daysAgo: number }
  | { op: 'backdateToMonthEdge'; lead: number; monthsAgo: number; minutes: number }
  | { op: 'trip'; lead: number; trip: number | null }
  | { op: 'membership'; team: number; user: number; member: boolean }
  | { op: 'compact' };

const USERS = 4; // 0 admin, 1 staff in team 0, 2 staff in no team, 3 viewer
const TEAMS = 2;
const ORGANISATIONS = 3;
const TRIPS = 2;

const topics = fc.uniqueArray(fc.integer({ min: 0, max: TOPICS.length - 1 }), { maxLength: 2 });
const value = fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null });
const index = fc.nat({ max: 1000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('open' as const),
      kind: fc.nat({ max: KINDS.length - 1 }),
      owner: fc.nat({ max: USERS - 1 }),
      value,
      topics,
      confidential: fc.boolean(),
      team: fc.option(fc.nat({ max: TEAMS - 1 }), { nil: null }),
      // most leads name an organisation, so country and region filters keep some
      organisation: fc.option(fc.nat({ max: ORGANISATIONS - 1 }), { nil: null, freq: 3 }),
      // up to two years back, in whole and fractional days (stays land on and between day and week boundaries)
      daysAgo: fc.oneof(fc.integer({ min: 0, max: 730 }), fc.double({ min: 0, max: 730, noNaN: true })),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('move' as const),
      lead: index,
      stage: fc.nat({ max: STAGES.length - 1 }),
      afterDays: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.double({ min: 0, max: 90, noNaN: true })),
    }),
  },
  // one column at a time, so a change of that column alone is tried
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.record({ op: fc.constant('update' as const), lead: index, kind: fc.nat({ max: KINDS.length - 1 }) }),
      fc.record({ op: fc.constant('update' as const), lead: index, owner: fc.nat({ max: USERS - 1 }) }),
      fc.record({ op: fc.constant('update' as const), lead: index, value }),
      fc.record({ op: fc.constant('update' as const), lead: index, topics }),
    ),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('confidentiality' as const), lead: index, confidential: fc.boolean(), team: fc.option(fc.nat({ max: TEAMS - 1 }), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('archive' as const, 'restore' as const, 'delete' as const), lead: index }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('link' as const, 'unlink' as const), lead: index, organisation: fc.nat({ max: ORGANISATIONS - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('relocate' as const), organisation: fc.nat({ max: ORGANISATIONS - 1 }), country: fc.nat({ max: COUNTRIES.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('region' as const), organisation: fc.nat({ max: ORGANISATIONS - 1 }), region: fc.nat({ max: REGIONS.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('backdate' as const), lead: index, daysAgo: fc.integer({ min: 0, max: 900 }) }) },
  // created within 15 hours of a UTC month's start, where the slice ledgers' months and a session's months part
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('backdateToMonthEdge' as const),
      lead: index,
      monthsAgo: fc.nat({ max: 29 }),
      minutes: fc.integer({ min: -900, max: 900 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('trip' as const), lead: index, trip: fc.option(fc.nat({ max: TRIPS - 1 }), { nil: null }) }) },
  {
    weight: 1,
    // the admin and the viewer join and leave teams (the two staff users stay as their names say), taking their leads along
    arbitrary: fc.record({ op: fc.constant('membership' as const), team: fc.nat({ max: TEAMS - 1 }), user: fc.constantFrom(0, 3), member: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'compact' as const }) },
);

/** A filter of each kind the report has, alone or two together; indexes into the fixtures, resolved by `filterOf`. */
type FilterPick = {
  kind?: number;
  owner?: number;
  team?: number;
  topic?: number;
  country?: number;
  region?: number;
  trip?: number;
  /** a second kind, with `kind` */
  kind2?: number;
  from?: number;
  to?: number;
  /** from the first day of the (UTC calendar) month this many months ago */
  fromMonth?: number;
  /** to the last day of the month this many months ago */
  toMonth?: number;
};
const filterPick: fc.Arbitrary<FilterPick> = fc
  .uniqueArray(fc.constantFrom('kind', 'owner', 'team', 'topic', 'country', 'region', 'trip', 'from', 'to'), { minLength: 1, maxLength: 2 })
  .chain((fields) => fc.record(Object.fromEntries(fields.map((field) => [field, fc.nat({ max: 1000 })])) as Record<string, fc.Arbitrary<number>>));

/**
 * A filter the slice ledgers answer: a period alone (from, to, or both, from the earlier day, in days ago), one or
 * two kinds, a country, a region, an owner or a team, or a period and a country or a region; and the session time zone it is read in: UTC and zones whose days, and so
 * months, begin elsewhere (one at a quarter hour).
 */
const TIME_ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Pacific/Chatham'];
const slicePick = fc.record({
  filter: fc.oneof(
    { weight: 2, arbitrary: fc.tuple(fc.nat({ max: 900 }), fc.nat({ max: 900 })).map(([a, b]) => ({ from: Math.max(a, b), to: Math.min(a, b) })) },
    // whole months of the UTC calendar: whole months to the ledgers in UTC only
    { weight: 3, arbitrary: fc.tuple(fc.nat({ max: 29 }), fc.nat({ max: 29 })).map(([a, b]) => ({ fromMonth: Math.max(a, b), toMonth: Math.min(a, b) })) },
    { weight: 1, arbitrary: fc.nat({ max: 900 }).map((from) => ({ from })) },
    { weight: 1, arbitrary: fc.nat({ max: 900 }).map((to) => ({ to })) },
    { weight: 3, arbitrary: fc.nat().map((country) => ({ country })) },
    { weight: 5, arbitrary: fc.nat().map((region) => ({ region })) },
    { weight: 2, arbitrary: fc.nat().map((kind) => ({ kind })) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.nat()).map(([kind, kind2]) => ({ kind, kind2 })) },
    { weight: 2, arbitrary: fc.nat().map((owner) => ({ owner })) },
    { weight: 3, arbitrary: fc.nat().map((team) => ({ team })) },
    // a period and a place: the place's months (a period in days, or in whole UTC months)
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.nat({ max: 900 }), fc.nat({ max: 900 }), fc.nat(), fc.boolean())
        .map(([a, b, place, country]) => ({ from: Math.max(a, b), to: Math.min(a, b), ...(country ? { country: place } : { region: place }) })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.nat({ max: 29 }), fc.nat({ max: 29 }), fc.nat(), fc.boolean())
        .map(([a, b, place, country]) => ({ fromMonth: Math.max(a, b), toMonth: Math.min(a, b), ...(country ? { country: place } : { region: place }) })),
    },
  ),
  timeZone: fc.constantFrom(...TIME_ZONES),
  viewer: fc.nat(),
});

/** The ledgers, summed, minus the same sums computed from the sources: rows that differ (0 when they agree). */
const LEDGER_DRIFT = `
  WITH live AS (
    SELECT l.confidentiality = 'CONFIDENTIAL', l.stage, st.furthest, st.lost, st.on_hold, l.kind, l.owner_id, count(*)::int, sum(COALESCE(l.estimated_value, 0))
      FROM leads l LEFT JOIN lead_stage_stays st ON st.lead_id = l.id AND st.left_at IS NULL
     WHERE l.archived_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7),
  tallied AS (
    SELECT confidential, stage, furthest, lost, on_hold, kind, owner_id, sum(leads)::int, sum(value) FROM pipeline_tallies
     GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(leads) <> 0 OR sum(value) <> 0),
  live_stays AS (
    SELECT l.confidentiality = 'CONFIDENTIAL', s.stage, s.left_at IS NULL, liaison_stay_bucket(s.entered_at, s.left_at), count(*)::int
      FROM lead_stage_stays s JOIN leads l ON l.id = s.lead_id
     WHERE l.archived_at IS NULL AND (s.left_at IS NOT NULL OR s.stage NOT IN ('WON', 'LOST')) GROUP BY 1, 2, 3, 4),
  tallied_stays AS (
    SELECT confidential, stage, running, bucket, sum(stays)::int FROM stay_tallies GROUP BY 1, 2, 3, 4 HAVING sum(stays) <> 0),
  live_keys AS (
    SELECT l.confidentiality = 'CONFIDENTIAL', 'TOPIC', t.topic, count(*)::int, sum(COALESCE(l.estimated_value, 0))
      FROM leads l LEFT JOIN LATERAL unnest(l.topics) t(topic) ON true WHERE l.archived_at IS NULL GROUP BY 1, 3
    UNION ALL
    SELECT l.confidentiality = 'CONFIDENTIAL', 'COUNTRY', c.country, count(*)::int, sum(COALESCE(l.estimated_value, 0))
      FROM leads l LEFT JOIN lead_countries lc ON lc.lead_id = l.id LEFT JOIN LATERAL unnest(lc.countries) c(country) ON true
     WHERE l.archived_at IS NULL GROUP BY 1, 3),
  tallied_keys AS (
    SELECT confidential, dimension, key, sum(leads)::int, sum(value) FROM pipeline_key_tallies
     GROUP BY 1, 2, 3 HAVING sum(leads) <> 0 OR sum(value) <> 0),
  -- each lead's slices: its UTC month, its kind, its organisations' countries and (folded) regions, its owner,
  -- and its month in each of those countries and regions
  place_slices AS (
    SELECT lc.lead_id AS id, 'COUNTRY' AS slice, c.country AS key FROM lead_countries lc CROSS JOIN LATERAL unnest(lc.countries) c(country)
    UNION ALL
    SELECT DISTINCT lo.lead_id, 'REGION', liaison_fold(o.region) FROM lead_organisations lo JOIN organisations o ON o.id = lo.organisation_id
     WHERE o.region IS NOT NULL),
  slices AS (
    SELECT l.id, 'MONTH' AS slice, to_char(date_trunc('month', l.created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS key FROM leads l
    UNION ALL
    SELECT l.id, 'KIND', l.kind::text FROM leads l
    UNION ALL
    SELECT l.id, 'OWNER', l.owner_id::text FROM leads l
    UNION ALL
    TABLE place_slices
    UNION ALL
    SELECT l.id, 'MONTH/' || p.slice || ':' || p.key, to_char(date_trunc('month', l.created_at AT TIME ZONE 'UTC'), 'YYYY-MM')
      FROM leads l JOIN place_slices p ON p.id = l.id),
  live_slices AS (
    SELECT l.confidentiality = 'CONFIDENTIAL', s.slice, s.key, l.stage, st.furthest, st.lost, st.on_hold, l.kind, count(*)::int,
           sum(COALESCE(l.estimated_value, 0))
      FROM leads l JOIN slices s ON s.id = l.id LEFT JOIN lead_stage_stays st ON st.lead_id = l.id AND st.left_at IS NULL
     WHERE l.archived_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8),
  tallied_slices AS (
    SELECT confidential, slice, key, stage, furthest, lost, on_hold, kind, sum(leads)::int, sum(value) FROM pipeline_slice_tallies
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(leads) <> 0 OR sum(value) <> 0),
  live_slice_stays AS (
    SELECT l.confidentiality = 'CONFIDENTIAL', sl.slice, sl.key, s.stage, s.left_at IS NULL, liaison_stay_bucket(s.entered_at, s.left_at), count(*)::int
      FROM lead_stage_stays s JOIN leads l ON l.id = s.lead_id JOIN slices sl ON sl.id = l.id
     WHERE l.archived_at IS NULL AND (s.left_at IS NOT NULL OR s.stage NOT IN ('WON', 'LOST')) GROUP BY 1, 2, 3, 4, 5, 6),
  tallied_slice_stays AS (
    SELECT confidential, slice, key, stage, running, bucket, sum(stays)::int FROM stay_slice_tallies
     GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(stays) <> 0),
  live_slice_keys AS (
    SELECT l.confidentiality = 'CONFIDENTIAL', s.slice, s.key, 'OWNER', l.owner_id::text, count(*)::int, sum(COALESCE(l.estimated_value, 0))
      FROM leads l JOIN slices s ON s.id = l.id WHERE l.archived_at IS NULL GROUP BY 1, 2, 3, 5
    UNION ALL
    SELECT l.confidentiality = 'CONFIDENTIAL', s.slice, s.key, 'TOPIC', t.topic, count(*)::int, sum(COALESCE(l.estimated_value, 0))
      FROM leads l JOIN slices s ON s.id = l.id LEFT JOIN LATERAL unnest(l.topics) t(topic) ON true
     WHERE l.archived_at IS NULL GROUP BY 1, 2, 3, 5
    UNION ALL
    SELECT l.confidentiality = 'CONFIDENTIAL', s.slice, s.key, 'COUNTRY', c.country, count(*)::int, sum(COALESCE(l.estimated_value, 0))
      FROM leads l JOIN slices s ON s.id = l.id LEFT JOIN lead_countries lc ON lc.lead_id = l.id
      LEFT JOIN LATERAL unnest(lc.countries) c(country) ON true
     WHERE l.archived_at IS NULL GROUP BY 1, 2, 3, 5),
  tallied_slice_keys AS (
    SELECT confidential, slice, key, dimension, group_key, sum(leads)::int, sum(value) FROM pipeline_slice_key_tallies
     GROUP BY 1, 2, 3, 4, 5 HAVING sum(leads) <> 0 OR sum(value) <> 0)
  SELECT (SELECT count(*) FROM ((TABLE live EXCEPT TABLE tallied) UNION ALL (TABLE tallied EXCEPT TABLE live)) x)::int AS pipeline,
         (SELECT count(*) FROM ((TABLE live_stays EXCEPT TABLE tallied_stays) UNION ALL (TABLE tallied_stays EXCEPT TABLE live_stays)) x)::int AS stays,
         (SELECT count(*) FROM ((TABLE live_keys EXCEPT TABLE tallied_keys) UNION ALL (TABLE tallied_keys EXCEPT TABLE live_keys)) x)::int AS keys,
         (SELECT count(*) FROM ((TABLE live_slices EXCEPT TABLE tallied_slices) UNION ALL (TABLE tallied_slices EXCEPT TABLE live_slices)) x)::int
           AS "slicePipeline",
         (SELECT count(*) FROM ((TABLE live_slice_stays EXCEPT TABLE tallied_slice_stays)
                                UNION ALL (TABLE tallied_slice_stays EXCEPT TABLE live_slice_stays)) x)::int AS "sliceStays",
         (SELECT count(*) FROM ((TABLE live_slice_keys EXCEPT TABLE tallied_slice_keys)
                                UNION ALL (TABLE tallied_slice_keys EXCEPT TABLE live_slice_keys)) x)::int AS "sliceKeys"`;

describe('Pipeline tallies (property)', () => {
  let t: TestApp;
  let repository: ReportingRepository;
  const userIds: string[] = [];
  const teamIds: string[] = [];
  const organisationIds: string[] = [];
  const tripIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    repository = t.app.get(ReportingRepository, { strict: false });
    userIds.push((await t.asAdmin(`{ me { id } }`)).data.me.id);
    for (const role of ['STAFF', 'STAFF', 'VIEWER'] as const) {
      userIds.push((await t.gql(`{ me { id } }`, undefined, await t.userToken(role))).data.me.id);
    }
    for (let i = 0; i < TEAMS; i++) {
      teamIds.push((await t.asAdmin(`mutation { createTeam(input: { name: "Tally team ${i}" }) { id } }`)).data.createTeam.id);
    }
    await t.dataSource.query(`INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)`, [teamIds[0], userIds[1]]);
    for (let i = 0; i < ORGANISATIONS; i++) {
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO organisations (name, kind, country, region) VALUES ($1, 'COMPANY', $2, $3) RETURNING id`,
        [`Tally Organisation ${i}`, COUNTRIES[i], REGIONS[i]],
      );
      organisationIds.push(id);
    }
    for (let i = 0; i < TRIPS; i++) {
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO trips (name, kind, start_date, end_date) VALUES ($1, 'DELEGATION', '2024-05-13', '2024-05-16') RETURNING id`,
        [`Tally trip ${i}`],
      );
      tripIds.push(id);
    }
  });

  /** The report filter a FilterPick stands for. */
  function filterOf(pick: FilterPick): PipelineReportFilter {
    const day = (daysAgo: number) => new Date(Date.now() - (daysAgo % 900) * 86_400_000).toISOString().slice(0, 10);
    const filter: PipelineReportFilter = {};
    if (pick.kind !== undefined) filter.kinds = [KINDS[pick.kind % KINDS.length] as LeadKind];
    if (pick.kind2 !== undefined && !filter.kinds?.includes(KINDS[pick.kind2 % KINDS.length] as LeadKind)) {
      filter.kinds?.push(KINDS[pick.kind2 % KINDS.length] as LeadKind);
    }
    if (pick.owner !== undefined) filter.ownerId = userIds[pick.owner % USERS];
    if (pick.team !== undefined) filter.teamId = teamIds[pick.team % TEAMS];
    if (pick.topic !== undefined) filter.topic = TOPICS[pick.topic % TOPICS.length];
    if (pick.country !== undefined) filter.country = COUNTRIES[pick.country % COUNTRIES.length];
    if (pick.region !== undefined) filter.region = ['sachsen', 'Emilia-Romagna', 'EMILIA-ROMAGNA', 'Lombardia'][pick.region % 4];
    if (pick.trip !== undefined) filter.tripId = tripIds[pick.trip % TRIPS];
    if (pick.from !== undefined) filter.from = day(pick.from);
    if (pick.to !== undefined) filter.to = day(pick.to);
    const now = new Date();
    const monthDay = (monthsAgo: number, last: boolean) =>
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo + (last ? 1 : 0), last ? 0 : 1)).toISOString().slice(0, 10);
    if (pick.fromMonth !== undefined) filter.from = monthDay(pick.fromMonth, false);
    if (pick.toMonth !== undefined) filter.to = monthDay(pick.toMonth, true);
    return filter;
  }

  afterAll(async () => {
    await t?.close();
  });

  const VIEWERS: [string, () => Viewer][] = [
    ['admin', () => ({ kind: 'USER', userId: userIds[0], role: Role.ADMIN })],
    ['staff in a team', () => ({ kind: 'USER', userId: userIds[1], role: Role.STAFF })],
    ['staff in no team', () => ({ kind: 'USER', userId: userIds[2], role: Role.STAFF })],
    ['viewer', () => ({ kind: 'USER', userId: userIds[3], role: Role.VIEWER })],
    ['API key', () => ({ kind: 'API_KEY', role: Role.VIEWER })],
    ['system', () => ({ kind: 'SYSTEM' })],
  ];

  /** Applies one write straight to the tables, as the services' statements would (back-dating needs SQL). */
  async function apply(o: Op): Promise<void> {
    const db = t.dataSource;
    const leads: { id: string }[] = await db.query(`SELECT id FROM leads ORDER BY created_at, id`);
    const lead = 'lead' in o ? leads[o.lead % Math.max(leads.length, 1)]?.id : undefined;
    if ('lead' in o && !lead) return;
    switch (o.op) {
      case 'open': {
        const [{ id }] = await db.query(
          `INSERT INTO leads (title, kind, owner_id, estimated_value, topics, confidentiality, team_id)
           VALUES ('Tally lead', $1, $2, $3, $4, $5, $6) RETURNING id`,
          [KINDS[o.kind], userIds[o.owner], o.value, o.topics.map((i) => TOPICS[i]), o.confidential ? 'CONFIDENTIAL' : 'INTERNAL', o.team === null ? null : teamIds[o.team]],
        );
        await db.query(
          `INSERT INTO lead_stage_changes (lead_id, to_stage, changed_by, changed_at) VALUES ($1, 'NEW', $2, now() - make_interval(secs => $3::float8 * 86400))`,
          [id, userIds[o.owner], o.daysAgo],
        );
        if (o.organisation !== null) {
          await db.query(`INSERT INTO lead_organisations (lead_id, organisation_id, side) VALUES ($1, $2, 'PARTNER')`, [id, organisationIds[o.organisation]]);
        }
        return;
      }
      case 'move': {
        // Later than the lead's last change (never tied with it) and not in the future, as moveLeadStage's now() is;
        // the lead's stage column follows its last change, as moveLeadStage keeps it.
        await db.query(
          `WITH moved AS (
             INSERT INTO lead_stage_changes (lead_id, from_stage, to_stage, changed_by, changed_at)
             SELECT l.id, l.stage, $2, l.owner_id, c.at
               FROM leads l
              CROSS JOIN LATERAL (SELECT max(changed_at) + make_interval(secs => $3::float8 * 86400) + interval '1 millisecond' AS at
                                    FROM lead_stage_changes WHERE lead_id = l.id) c
              WHERE l.id = $1 AND c.at < now()
             RETURNING lead_id, to_stage)
           UPDATE leads l SET stage = m.to_stage FROM moved m WHERE l.id = m.lead_id`,
          [lead, STAGES[o.stage], o.afterDays],
        );
        return;
      }
      case 'update': {
        const [column, to] =
          o.kind !== undefined ? ['kind', KINDS[o.kind]]
          : o.owner !== undefined ? ['owner_id', userIds[o.owner]]
          : o.topics !== undefined ? ['topics', o.topics.map((i) => TOPICS[i])]
          : ['estimated_value', o.value];
        await db.query(`UPDATE leads SET ${column} = $2 WHERE id = $1`, [lead, to]);
        return;
      }
      case 'confidentiality':
        await db.query(`UPDATE leads SET confidentiality = $2, team_id = $3 WHERE id = $1`, [
          lead,
          o.confidential ? 'CONFIDENTIAL' : 'INTERNAL',
          o.team === null ? null : teamIds[o.team],
        ]);
        return;
      case 'archive':
        await db.query(`UPDATE leads SET archived_at = now() WHERE id = $1 AND archived_at IS NULL`, [lead]);
        return;
      case 'restore':
        await db.query(`UPDATE leads SET archived_at = NULL WHERE id = $1`, [lead]);
        return;
      case 'delete':
        await db.query(`DELETE FROM lead_organisations WHERE lead_id = $1`, [lead]);
        await db.query(`DELETE FROM lead_stage_changes WHERE lead_id = $1`, [lead]);
        await db.query(`DELETE FROM leads WHERE id = $1`, [lead]);
        return;
      case 'link':
        await db.query(`INSERT INTO lead_organisations (lead_id, organisation_id, side) VALUES ($1, $2, 'PARTNER') ON CONFLICT DO NOTHING`, [
          lead,
          organisationIds[o.organisation],
        ]);
        return;
      case 'unlink':
        await db.query(`DELETE FROM lead_organisations WHERE lead_id = $1 AND organisation_id = $2`, [lead, organisationIds[o.organisation]]);
        return;
      case 'relocate':
        await db.query(`UPDATE organisations SET country = $2 WHERE id = $1`, [organisationIds[o.organisation], COUNTRIES[o.country]]);
        return;
      case 'region':
        await db.query(`UPDATE organisations SET region = $2 WHERE id = $1`, [organisationIds[o.organisation], REGIONS[o.region]]);
        return;
      case 'backdate':
        await db.query(`UPDATE leads SET created_at = now() - make_interval(days => $2) WHERE id = $1`, [lead, o.daysAgo]);
        return;
      case 'backdateToMonthEdge':
        await db.query(
          `UPDATE leads SET created_at = LEAST(now(), (date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => $2)) AT TIME ZONE 'UTC'
                                                      + make_interval(mins => $3))
            WHERE id = $1`,
          [lead, o.monthsAgo, o.minutes],
        );
        return;
      case 'trip':
        await db.query(`UPDATE leads SET origin_trip_id = $2 WHERE id = $1`, [lead, o.trip === null ? null : tripIds[o.trip]]);
        return;
      case 'membership':
        await db.query(
          o.member
            ? `INSERT INTO team_members (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
            : `DELETE FROM team_members WHERE team_id = $1 AND user_id = $2`,
          [teamIds[o.team], userIds[o.user]],
        );
        return;
      case 'compact':
        await db.query(`SELECT liaison_compact_tallies()`);
        return;
    }
  }

  /**
   * Three ways of reading the pipeline now, for one viewer, in one snapshot: the whole pipeline from the
   * ledgers; every lead through a period, from the slice ledgers; and every lead from the stage history.
   */
  function threeWays(viewer: Viewer) {
    return asViewer(viewer, () =>
      repository.snapshot(async (db) => {
        const every = { from: '1900-01-01' };
        const ways: Record<'ledgers' | 'slices' | 'history', Record<string, unknown>> = { ledgers: {}, slices: {}, history: {} };
        for (const groupBy of Object.values(PipelineGroupBy)) {
          ways.ledgers[groupBy] = await repository.pipeline(db, {}, groupBy);
          ways.slices[groupBy] = await repository.pipeline(db, every, groupBy);
          ways.history[groupBy] = await repository.historyPipeline(db, every, groupBy);
        }
        return ways;
      }),
    );
  }

  /**
   * A filter read the ways given (MATCHED: the leads it keeps; COMPLEMENT: the ledgers less the leads it leaves
   * out; SLICE, for a period, a country or a region alone: the slice ledgers, for a period its whole months and the
   * leads of the part months), and from
   * the stage history, for one viewer, in one snapshot, in the session time zone given.
   */
  function filteredWays(viewer: Viewer, filter: PipelineReportFilter, readings: FactsReading[], timeZone: string) {
    return asViewer(viewer, () =>
      repository.snapshot(async (db) => {
        await db.query(`SELECT set_config('TimeZone', $1, true)`, [timeZone]);
        const ways: Record<string, Record<string, unknown>> = { history: {} };
        for (const groupBy of Object.values(PipelineGroupBy)) {
          for (const reading of readings) {
            ways[reading] ??= {};
            ways[reading][groupBy] = await repository.pipeline(db, filter, groupBy, reading);
          }
          ways.history[groupBy] = await repository.historyPipeline(db, filter, groupBy);
        }
        return ways;
      }),
    );
  }

  /** Each reading of the filter equals the stage history, for the viewer; returns the leads it kept. */
  async function expectFilterAgrees(
    name: string,
    viewer: Viewer,
    filter: PipelineReportFilter,
    readings: FactsReading[],
    timeZone = 'UTC',
  ): Promise<number> {
    const ways = await filteredWays(viewer, filter, readings, timeZone);
    for (const reading of readings) {
      expect({ name, filter, timeZone, reading, ...ways[reading] }).toEqual({ name, filter, timeZone, reading, ...ways.history });
    }
    return (ways.history[PipelineGroupBy.STAGE] as PipelineFigures).stages.reduce((sum, s) => sum + s.leads, 0);
  }

  it('reads the pipeline now from the ledgers and from the facts exactly as from the stage history, for every viewer', async () => {
    let medians = 0;
    let filteredLeads = 0;
    const sliceLeads = { period: 0, kind: 0, country: 0, region: 0, owner: 0, team: 0, placeMonths: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 60 }), filterPick, slicePick, async (ops, pick, { filter: slicePicked, timeZone, viewer }) => {
        for (const o of ops) await apply(o);
        const [drift] = await t.dataSource.query(LEDGER_DRIFT);
        expect(drift).toEqual({ pipeline: 0, stays: 0, keys: 0, slicePipeline: 0, sliceStays: 0, sliceKeys: 0 });
        const filter = filterOf(pick);
        const slice = filterOf(slicePicked);
        for (const [name, viewer] of VIEWERS) {
          const { ledgers, slices, history } = await threeWays(viewer());
          expect({ name, ...ledgers }).toEqual({ name, ...history });
          expect({ name, ...slices }).toEqual({ name, ...history });
          const { stages } = history[PipelineGroupBy.STAGE] as PipelineFigures;
          medians += stages.filter((s) => s.medianDaysInStage !== null).length;
          filteredLeads += await expectFilterAgrees(name, viewer(), filter, ['MATCHED', 'COMPLEMENT']);
        }
        // one viewer a run for the slice ledgers, which tell only a viewer who sees everything from one who does not
        const [name, sliceViewer] = VIEWERS[viewer % VIEWERS.length];
        const kept = await expectFilterAgrees(name, sliceViewer(), slice, ['SLICE'], timeZone);
        const period = slice.from || slice.to;
        const sliceKind = period && (slice.country || slice.region) ? 'placeMonths'
          : slice.region ? 'region' : slice.country ? 'country' : slice.kinds ? 'kind' : slice.ownerId ? 'owner' : slice.teamId ? 'team' : 'period';
        sliceLeads[sliceKind] += kept;
      }),
      { numRuns: 40, seed: 5150 },
    );
    // The runs reached real medians, not only empty stages, and the filters kept leads.
    expect(medians).toBeGreaterThan(200);
    expect(filteredLeads).toBeGreaterThan(200);
    // and every kind of slice kept leads (seed 5150: period 77, kind 10, country 10, region 19, owner 37, team 93, a period and a place 14)
    expect(Math.min(...Object.values(sliceLeads))).toBeGreaterThan(0);
    // 40 runs of up to 60 writes, each read 200 ways: about 50 s on PostgreSQL; longer when a failure is shrunk
  }, 300_000);

  it('reads a period, alone and with a place, from the slice ledgers in every session time zone, with leads created hours around a month start', async () => {
    // The UTC month that began two months ago, and leads created from 14 hours before its start to 14 hours after.
    const now = new Date();
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1);
    const day = (at: number) => new Date(at).toISOString().slice(0, 10);
    // every other one with an organisation in Tirol, for a period and a place (the place's months)
    const [{ id: tirol }] = await t.dataSource.query(
      `INSERT INTO organisations (name, kind, country, region) VALUES ('Month edge GmbH', 'COMPANY', 'AT', 'Tirol') RETURNING id`,
    );
    for (const [i, hours] of [-14, -13, -6, -1, 0, 1, 5, 6, 13, 14].entries()) {
      const at = new Date(start + hours * 3_600_000).toISOString();
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO leads (title, kind, owner_id, topics, created_at) VALUES ('Month edge lead', 'EXPORT', $1, '{}', $2) RETURNING id`,
        [userIds[0], at],
      );
      if (i % 2 === 0) await t.dataSource.query(`INSERT INTO lead_organisations (lead_id, organisation_id, side) VALUES ($1, $2, 'PARTNER')`, [id, tirol]);
      await t.dataSource.query(`INSERT INTO lead_stage_changes (lead_id, to_stage, changed_by, changed_at) VALUES ($1, 'NEW', $2, $3)`, [id, userIds[0], at]);
    }
    const periods: PipelineReportFilter[] = [
      { from: day(start), to: day(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 0)) }, // that month
      { from: day(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1)), to: day(start - 86_400_000) }, // the month before
      { from: day(start) },
      { to: day(start - 86_400_000) },
      { from: day(start - 86_400_000), to: day(start) }, // the day before and the first day
    ];
    let kept = 0;
    let keptInTirol = 0;
    for (const timeZone of TIME_ZONES) {
      for (const period of periods) {
        for (const [name, viewer] of [VIEWERS[0], VIEWERS[2]]) {
          kept += await expectFilterAgrees(name, viewer(), period, ['SLICE'], timeZone);
          keptInTirol += await expectFilterAgrees(name, viewer(), { ...period, country: 'AT' }, ['SLICE'], timeZone);
          keptInTirol += await expectFilterAgrees(name, viewer(), { ...period, region: 'TIROL' }, ['SLICE'], timeZone);
        }
      }
    }
    expect(kept).toBeGreaterThan(0);
    expect(keptInTirol).toBeGreaterThan(0);
  });
});
