import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { and, currentViewer, leadOfTeamSql, seesEverything, taskVisibleSql, teamMembersSql, visibleSql } from '../access/access-policy';
import { SqlParams } from '../database/sql';
import { Db } from '../database/table';
import { LeadStage } from '../leads/lead.enums';
import { ActivityInterval, ActivityPeriod } from './activity-report.model';
import { PipelineReportFilter } from './dto/pipeline-report.args';
import { OverdueTasksOfAssignee, StaleLead, UpcomingNextStep } from './follow-up-report.model';
import { PipelineGroup, PipelineGroupBy } from './pipeline-report.model';
import { TripReportLead } from './trip-report.model';

/*
 * Every report reads across all features with hand-written, aggregating SQL:
 * one statement per figure group, never one per row. Days are the database's
 * calendar days (its TimeZone setting), the same `current_date` the rest of
 * Liaison uses for "overdue". "The end of asOf" is the start of the next day.
 *
 * Confidentiality (issue 4): every statement reads leads, meetings and
 * tasks only under the access policy's condition for the current viewer
 * (src/access/access-policy.ts), so a confidential record the viewer may not
 * see moves no figure.
 */

/** The forward path of the pipeline; a lead's furthest position on it tells which stages it passed. */
const PATH = `ARRAY['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING', 'WON']::lead_stage[]`;

/**
 * Each lead's pipeline_lead_facts row with the lead's column names (its id
 * as \`id\`), so the access policy and the filters read it as they read a
 * lead. The planner flattens it into the table.
 */
const FACTS = `(SELECT p.*, p.lead_id AS id FROM pipeline_lead_facts p)`;

/** How the pipeline now reads a filter's leads: see ReportingRepository.pipelineNow. */
export type FactsReading = 'MATCHED' | 'COMPLEMENT' | 'SLICE';

/** The ledgers the pipeline now sums: over all leads, or per slice (SLICE); `groupKey`, the key column of a grouping. */
const LEDGERS = {
  all: { positions: 'pipeline_tallies', keys: 'pipeline_key_tallies', stays: 'stay_tallies', groupKey: 'key' },
  slices: { positions: 'pipeline_slice_tallies', keys: 'pipeline_slice_key_tallies', stays: 'stay_slice_tallies', groupKey: 'group_key' },
};

/**
 * A filter the slice ledgers answer (migrations 1795660000000 to
 * 1795690000000), as SQL: `rows(alias)`, the rows of a slice ledger under
 * `alias` it reads, and `outside`, the leads it keeps that those rows leave
 * out, as a condition on a facts row under `f` (read one by one). A
 * country, a region or an owner alone reads its slice; kinds, theirs (a
 * lead has one kind, so their slices never overlap); a team, its members'
 * OWNER slices (the members as they are now) and, outside, its leads owned
 * by others. A period alone reads the MONTH slices of its whole UTC months
 * (the ledgers' months, liaison_created_month), the dates [first, end) as
 * this session's days bound the period (none when first >= end), and,
 * outside, its leads created in its part months at either end; a period
 * and a country or a region, the same months of that place's month slices.
 * Undefined for any other filter.
 */
interface Slice {
  rows: (alias: string) => string;
  outside?: string;
}

function sliceOf(filter: PipelineReportFilter, params: SqlParams): Slice | undefined {
  const { from, to, tripId, kinds, ownerId, teamId, topic, country, region, asOf } = filter;
  const period = Boolean(from || to);
  const conditions = [period, country, region, kinds?.length, ownerId, teamId].filter(Boolean).length;
  if (tripId || topic?.trim() || asOf) return undefined;
  // a period and a place: the place's months (migration 1795690000000)
  if (period && conditions === 2 && (country || region)) {
    return monthsOf(filter, params, country ? `'MONTH/COUNTRY:' || ${params.add(country)}::text` : `'MONTH/REGION:' || liaison_fold(${params.add(region)})`);
  }
  if (conditions !== 1) return undefined;
  const keyed = (slice: string, key: string): Slice => ({ rows: (alias) => `${alias}.slice = '${slice}' AND ${alias}.key = ${key}` });
  if (country) return keyed('COUNTRY', `${params.add(country)}::text`);
  if (region) return keyed('REGION', `liaison_fold(${params.add(region)})`);
  if (ownerId) return keyed('OWNER', `${params.add(ownerId)}::uuid::text`);
  if (kinds?.length) {
    const keys = `${params.add(kinds)}::text[]`;
    return { rows: (alias) => `${alias}.slice = 'KIND' AND ${alias}.key = ANY(${keys})` };
  }
  if (teamId) {
    const team = params.add(teamId);
    const members = `ARRAY(${teamMembersSql(team)})`;
    return {
      // the members' ids as the ledgers' text keys, so the (slice, key) index finds their rows
      rows: (alias) => `${alias}.slice = 'OWNER' AND ${alias}.key = ANY(${members}::text[])`,
      // the team's own leads (team_id, so its index finds them) of owners not among its members
      outside: `f.team_id = ${team}::uuid AND f.owner_id <> ALL(${members})`,
    };
  }
  return monthsOf(filter, params, `'MONTH'`);
}

/** A period's whole UTC months in the month slices `slice` (an SQL text: MONTH, or a place's months), and its part months outside. */
function monthsOf({ from, to }: PipelineReportFilter, params: SqlParams, slice: string): Slice {
  const utc = (instant: string) => `(${instant} AT TIME ZONE 'UTC')`;
  // the first month beginning at or after the period's first instant
  const first = from
    ? `(date_trunc('month', ${utc(`${params.add(from)}::date::timestamptz`)} - interval '1 microsecond') + interval '1 month')::date`
    : `'-infinity'::date`;
  // the last month beginning at or before the instant after the period
  const end = to ? `date_trunc('month', ${utc(`(${params.add(to)}::date + 1)::timestamptz`)})::date` : `'infinity'::date`;
  const month = (day: string) => `to_char(${day}, 'YYYY-MM')`;
  const utcMidnight = (day: string) => `(${day}::timestamp AT TIME ZONE 'UTC')`;
  return {
    rows: (alias) =>
      and(
        `${alias}.slice = ${slice}`,
        from ? `${alias}.key >= ${month(first)}` : 'TRUE',
        to ? `${alias}.key < ${month(end)}` : 'TRUE',
        // none when the period holds no whole month
        `${first} < ${end}`,
      ),
    outside: `NOT (f.created_at >= ${utcMidnight(first)} AND f.created_at < ${utcMidnight(end)})`,
  };
}

/** The instant a report looks at: the end of the asOf day, or now. */
function cutoff(params: SqlParams, asOf: string | undefined): string {
  return `COALESCE((${params.add(asOf ?? null)}::date + 1)::timestamptz, now())`;
}

/** A stay's length in days, as every report counts it. */
const days = (interval: string) => `(extract(epoch FROM ${interval}) / 86400)::float8`;

/** Whether the lead of the stay (or stay figures) under `alias` had reached the stage `stageSql` by then. */
function reachedSql(alias: string, stageSql: string): string {
  return `CASE ${stageSql} WHEN 'LOST' THEN ${alias}.lost WHEN 'ON_HOLD' THEN ${alias}.on_hold
          ELSE ${alias}.furthest >= array_position(${PATH}, ${stageSql}) END`;
}

/**
 * Every stage in pipeline order with its figures, from the CTEs `present`
 * (stage, leads, value), `reached` (furthest, lost, on_hold, leads) and
 * `medians` (stage, median), the last under the name given.
 */
function stageRowsSql(medians: string): string {
  return `SELECT s.stage,
                 COALESCE(p.leads, 0)::int AS leads,
                 COALESCE(p.value, 0)::float8 AS "estimatedValue",
                 (SELECT COALESCE(sum(r.leads), 0) FROM reached r WHERE ${reachedSql('r', 's.stage')})::int AS reached,
                 md.median::float8 AS "medianDaysInStage"
            FROM unnest(enum_range(NULL::lead_stage)) AS s(stage)
            LEFT JOIN present p ON p.stage = s.stage
            LEFT JOIN ${medians} md ON md.stage = s.stage
           ORDER BY s.stage`;
}

/** Groups in pipeline order by STAGE; otherwise most leads first, then by label (byte order) and key. */
function groupOrder(groupBy: PipelineGroupBy): string {
  return groupBy === PipelineGroupBy.STAGE
    ? `array_position(enum_range(NULL::lead_stage)::text[], g.key)`
    : `g.leads DESC, g.label COLLATE "C", g.key COLLATE "C"`;
}

/**
 * Per stage, from the stage history (CTEs after pipelineScope's): `dwell`,
 * the median days in stage; `present`, leads and value per stage at the
 * cutoff; `reached`, for stageRowsSql.
 */
const HISTORY_STAGES = `
       dwell AS (
         SELECT st.stage,
                percentile_cont(0.5) WITHIN GROUP (
                  ORDER BY ${days(`COALESCE(CASE WHEN st.left_at < b.cutoff THEN st.left_at END, b.cutoff) - st.entered_at`)}) AS median
           FROM stays st CROSS JOIN bounds b
          WHERE st.left_at < b.cutoff OR st.stage NOT IN ('WON', 'LOST')
          GROUP BY st.stage
       ),
       present AS (
         SELECT stage, count(*) AS leads, sum(estimated_value) AS value FROM scope GROUP BY stage
       ),
       reached AS MATERIALIZED (
         SELECT stage, furthest, lost, on_hold, count(*) AS leads FROM scope GROUP BY stage, furthest, lost, on_hold
       )`;

/** One grouping from the stage history, over pipelineScope's `scope`: rows of (key, label, leads, estimatedValue). */
const HISTORY_FIGURES = `count(*)::int AS leads, COALESCE(sum(s.estimated_value), 0)::float8 AS "estimatedValue"`;
const HISTORY_GROUPS: Record<PipelineGroupBy, string> = {
  [PipelineGroupBy.STAGE]: `SELECT s.stage::text AS key, s.stage::text AS label, ${HISTORY_FIGURES} FROM scope s GROUP BY s.stage`,
  [PipelineGroupBy.KIND]: `SELECT s.kind::text AS key, s.kind::text AS label, ${HISTORY_FIGURES} FROM scope s GROUP BY s.kind`,
  [PipelineGroupBy.TOPIC]: `SELECT t.topic AS key, COALESCE(t.topic, '(none)') AS label, ${HISTORY_FIGURES}
                              FROM scope s LEFT JOIN LATERAL unnest(s.topics) AS t(topic) ON true
                             GROUP BY t.topic`,
  [PipelineGroupBy.OWNER]: `SELECT u.id::text AS key, u.display_name AS label, ${HISTORY_FIGURES}
                              FROM scope s JOIN users u ON u.id = s.owner_id
                             GROUP BY u.id, u.display_name`,
  [PipelineGroupBy.COUNTRY]: `SELECT c.country AS key, COALESCE(c.country, '(none)') AS label, ${HISTORY_FIGURES}
                                FROM scope s
                                LEFT JOIN lead_countries lc ON lc.lead_id = s.id
                                LEFT JOIN LATERAL unnest(lc.countries) AS c(country) ON true
                               GROUP BY c.country`,
};

export interface PipelineFigures {
  stages: StageRow[];
  groups: PipelineGroup[];
}

export interface StageRow {
  stage: LeadStage;
  leads: number;
  estimatedValue: number;
  reached: number;
  medianDaysInStage: number | null;
}

export interface CountRow {
  dimension: string;
  key: string | null;
  count: number;
}

export interface NewKnownRow {
  dimension: 'COUNTRY' | 'KIND' | 'TOTAL';
  key: string | null;
  total: number;
  new: number;
}

export interface TripLeadRow extends TripReportLead {
  partnershipId: string | null;
  partnershipTitle: string | null;
  signedOn: string | null;
  valueEur: number | null;
}

export interface TripLeadTotalsRow {
  stage: LeadStage | null;
  leads: number;
  estimatedValue: number;
  potentialJobs: number;
  partnerships: number;
  partnershipValue: number;
  partnershipJobs: number;
}

export interface CommitmentsRow {
  kept: number;
  open: number;
  overdue: number;
  openTaskIds: string[];
}

@Injectable()
export class ReportingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Several statements over one snapshot, so the figures of one report agree with each other. */
  snapshot<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  /**
   * Independent statements over one snapshot, run side by side on two
   * connections when the pool has a second one idle (PostgreSQL): the
   * report's transaction exports its snapshot (pg_export_snapshot) and a
   * read-only transaction on the second connection imports it, so both see
   * the same data. It never waits for a second connection while holding
   * the first (see idleConnection); without one (busy pool, PGlite's single
   * connection) the statements run one after another. Results in the order
   * of `works`; the longest first balances the two connections best.
   */
  snapshotAll<T extends unknown[]>(works: { [K in keyof T]: (db: Db) => Promise<T[K]> }): Promise<T> {
    return this.snapshot(async (db) => {
      const results: unknown[] = [];
      const second = await this.idleConnection();
      if (!second) {
        for (const work of works) results.push(await work(db));
        return results as T;
      }
      try {
        const [{ snapshot }] = await db.query(`SELECT pg_export_snapshot() AS snapshot`);
        if (!/^[0-9A-F-]+$/.test(snapshot)) throw new Error(`unexpected snapshot id ${snapshot}`);
        await second.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
        await second.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
        let next = 0;
        const drain = async (runner: Db) => {
          while (next < works.length) {
            const index = next++;
            results[index] = await works[index](runner);
          }
        };
        const settled = await Promise.allSettled([drain(db), drain(second.manager)]);
        const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        if (failed) throw failed.reason;
        await second.query('COMMIT');
        return results as T;
      } catch (error) {
        await second.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        await second.release();
      }
    });
  }

  /**
   * A second connection if the pool has one idle or room for a new one,
   * else undefined. A report holding a connection never queues for another
   * (reports waiting for each other's connections could exhaust the pool):
   * one that takes longer than 50 ms (another request took the idle one
   * first) goes back to the pool when it arrives.
   */
  private async idleConnection(): Promise<QueryRunner | undefined> {
    type Pool = { idleCount: number; totalCount: number; options: { max: number } };
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool || (pool.idleCount === 0 && pool.totalCount >= pool.options.max)) return undefined;
    const runner = this.dataSource.createQueryRunner();
    const connected = runner.connect().then(() => runner);
    const late = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 50));
    const first = await Promise.race([connected, late]);
    if (!first) connected.then((latecomer) => latecomer.release(), () => undefined);
    return first;
  }

  // ---- pipeline ----------------------------------------------------------------------------
  //
  // A lead's stage history is read from lead_stage_stays (migration
  // 1795630000000): one row per stage change, the stay it opened, with when it
  // was left and what the lead had reached by then. The stage of a lead at the
  // cutoff is the stay containing the cutoff; a stay ends at the next change,
  // one still running at the cutoff ends there. A lead's countries (the
  // country filter and grouping) come from lead_countries, same migration.

  /** The leads the filter matches (the viewer's visible, non-archived ones), as conditions on `l`. */
  private pipelineWhere(filter: PipelineReportFilter, params: SqlParams): string[] {
    return ['l.archived_at IS NULL', visibleSql('LEAD', 'l'), ...this.filterConditions(filter, params, 'l', 'leads')];
  }

  /**
   * The filter's own conditions (not the viewer's) on a row under `alias`: a
   * lead, or a lead's facts (FACTS: the same column names, and the lead's
   * countries and regions kept in the row).
   */
  private filterConditions(filter: PipelineReportFilter, params: SqlParams, alias: string, source: 'leads' | 'facts'): string[] {
    const where: string[] = [];
    if (filter.from) where.push(`${alias}.created_at >= ${params.add(filter.from)}::date`);
    if (filter.to) where.push(`${alias}.created_at < ${params.add(filter.to)}::date + 1`);
    if (filter.tripId) where.push(`${alias}.origin_trip_id = ${params.add(filter.tripId)}::uuid`);
    if (filter.kinds?.length) where.push(`${alias}.kind = ANY(${params.add(filter.kinds)}::lead_kind[])`);
    if (filter.ownerId) where.push(`${alias}.owner_id = ${params.add(filter.ownerId)}::uuid`);
    if (filter.teamId) where.push(leadOfTeamSql(alias, params.add(filter.teamId)));
    if (filter.topic?.trim()) where.push(`${alias}.topics @> ARRAY[${params.add(filter.topic.trim().toLowerCase())}]::text[]`);
    if (filter.country) {
      const country = `ARRAY[${params.add(filter.country)}]::text[]`;
      where.push(
        source === 'facts'
          ? `${alias}.countries @> ${country}`
          : `EXISTS (SELECT 1 FROM lead_countries lc WHERE lc.lead_id = ${alias}.id AND lc.countries @> ${country})`,
      );
    }
    if (filter.region) {
      const region = params.add(filter.region);
      where.push(
        source === 'facts'
          ? `${alias}.regions @> ARRAY[liaison_fold(${region})]::text[]`
          : `EXISTS (SELECT 1 FROM lead_organisations lo JOIN organisations o ON o.id = lo.organisation_id
                      WHERE lo.lead_id = ${alias}.id AND liaison_fold(o.region) = liaison_fold(${region}))`,
      );
    }
    return where;
  }

  /**
   * The whole pipeline as it stands now: no filter but the viewer's, no
   * asOf. Its figures are summed ahead in ledgers (see pipelineNow).
   */
  private isWholePipeline(filter: PipelineReportFilter): boolean {
    const { from, to, tripId, kinds, ownerId, teamId, topic, country, region, asOf } = filter;
    return !(from || to || tripId || kinds?.length || ownerId || teamId || topic?.trim() || country || region || asOf);
  }

  /**
   * `bounds` (the cutoff) and `scope`: the leads the filter matches, each with
   * its stage at the cutoff and what it had reached by then. Leads opened after
   * the cutoff have no stay before it and drop out. `stays` holds every stay
   * of the matched leads begun before the cutoff, with the lead's columns.
   */
  private pipelineScope(filter: PipelineReportFilter, params: SqlParams): string {
    const where = this.pipelineWhere(filter, params).join(' AND ');
    // A filter's leads have their stays fetched by lead id (an index lookup per lead): the planner,
    // costing each lookup as a disk read, would otherwise read every stay and hash them. Without a
    // filter (asOf alone), reading every stay and hashing the leads is right.
    const everyLead = this.isWholePipeline({ ...filter, asOf: undefined });
    const matched = everyLead
      ? `leads l JOIN lead_stage_stays st ON st.lead_id = l.id CROSS JOIN bounds b WHERE ${where} AND st.entered_at < b.cutoff`
      : `matched l JOIN lead_stage_stays st ON st.lead_id = l.id CROSS JOIN bounds b
         WHERE st.lead_id = ANY(ARRAY(SELECT id FROM matched)) AND st.entered_at < b.cutoff`;
    return `
      bounds AS (SELECT ${cutoff(params, filter.asOf)} AS cutoff),
      ${everyLead ? '' : `matched AS MATERIALIZED (SELECT l.id, l.kind, l.topics, l.owner_id, l.estimated_value FROM leads l WHERE ${where}),`}
      stays AS MATERIALIZED (
        SELECT l.id, l.kind, l.topics, l.owner_id, l.estimated_value,
               st.stage, st.entered_at, st.left_at, st.furthest, st.lost, st.on_hold
          FROM ${matched}
      ),
      scope AS MATERIALIZED (
        SELECT st.id, st.kind, st.topics, st.owner_id, st.estimated_value, st.stage, st.furthest, st.lost, st.on_hold
          FROM stays st CROSS JOIN bounds b
         WHERE st.left_at IS NULL OR st.left_at >= b.cutoff
      )`;
  }

  /**
   * Per stage: leads in it at the cutoff and their value, leads that ever
   * reached it, and the median time spent in it. A stay ends at the next
   * change; one still running ends at the cutoff, except in WON or LOST,
   * where a lead has not "spent" time but finished.
   */
  async pipeline(db: Db, filter: PipelineReportFilter, groupBy: PipelineGroupBy, reading?: FactsReading): Promise<PipelineFigures> {
    return filter.asOf ? this.historyPipeline(db, filter, groupBy) : this.currentPipeline(db, filter, groupBy, reading);
  }

  /**
   * The pipeline from the stage history at the cutoff (asOf, or now): what
   * asOf needs, and the reference the figures of currentPipeline are tested
   * against (test/e2e/pipeline-tallies.e2e.spec.ts).
   */
  async historyPipeline(db: Db, filter: PipelineReportFilter, groupBy: PipelineGroupBy): Promise<PipelineFigures> {
    const params = new SqlParams();
    const [row] = await db.query(
      `WITH ${this.pipelineScope(filter, params)}, ${HISTORY_STAGES},
       stage_rows AS (${stageRowsSql('dwell')}),
       group_rows AS (SELECT g.key, g.label, g.leads, g."estimatedValue" FROM (${HISTORY_GROUPS[groupBy]}) g)
       SELECT (SELECT json_agg(s ORDER BY s.stage) FROM stage_rows s) AS stages,
              (SELECT COALESCE(json_agg(g ORDER BY ${groupOrder(groupBy)}), '[]') FROM group_rows g) AS groups`,
      params.values,
    );
    return row;
  }

  /**
   * The pipeline now, in one statement, so the leads a filter matches are
   * read once for the stages and the groups: the stage figures and the
   * groups come back as two JSON arrays (numbers stay float8 on the way).
   * `reading` forces how a filter's leads are read (see pipelineNow); by
   * default the planner's estimate of how many match decides.
   */
  private async currentPipeline(db: Db, filter: PipelineReportFilter, groupBy: PipelineGroupBy, reading?: FactsReading): Promise<PipelineFigures> {
    const params = new SqlParams();
    const conditions = this.filterConditions(filter, params, 'f', 'facts');
    const slice = reading === undefined || reading === 'SLICE' ? sliceOf(filter, params) : undefined;
    if (reading === 'SLICE' && !slice) throw new Error('the slice ledgers answer a period, kinds, a country, a region, an owner or a team alone');
    const now = this.pipelineNow(conditions, slice ? 'SLICE' : (reading ?? (await this.factsReading(db, conditions, params))), groupBy, slice);
    const stages = this.currentStagesSql(now);
    const groups = this.currentGroupsSql(now, groupBy);
    const [row] = await db.query(
      `WITH ${now.scope}, ${stages.ctes},
       stage_rows AS (${stages.select}),
       group_rows AS (${groups.select})
       SELECT (SELECT json_agg(s ORDER BY s.stage) FROM stage_rows s) AS stages,
              (SELECT COALESCE(json_agg(g ORDER BY ${groups.order}), '[]') FROM group_rows g) AS groups`,
      params.values,
    );
    return row;
  }

  /**
   * Whether a filter's leads are better read as they are (MATCHED) or as
   * the ledgers less the leads it leaves out (COMPLEMENT): whichever the
   * planner estimates fewer (one EXPLAIN, no rows read). The estimate
   * leaves the viewer's condition out: it decides how fast, never what.
   * No filter is the whole pipeline: the ledgers, nothing left out.
   */
  private async factsReading(db: Db, conditions: string[], params: SqlParams): Promise<FactsReading> {
    if (!conditions.length) return 'COMPLEMENT';
    const matches = conditions.join(' AND ');
    const [row] = await db.query(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM ${FACTS} f WHERE ${matches} UNION ALL SELECT 1 FROM ${FACTS} f WHERE (${matches}) IS NOT TRUE`,
      params.values,
    );
    const explained = row['QUERY PLAN'];
    const [{ Plan: plan }] = typeof explained === 'string' ? JSON.parse(explained) : explained;
    const [matched, left] = (plan.Plans ?? []).map((child: { 'Plan Rows': number }) => child['Plan Rows']);
    return left < matched ? 'COMPLEMENT' : 'MATCHED';
  }

  /**
   * The pipeline now (no asOf), from what triggers keep (migrations
   * 1795640000000 to 1795680000000), for the current viewer and the
   * filter's `conditions` on FACTS. `scope` defines `live`, leads' facts
   * rows each with a `sign`, and `positions`, rows of (stage, furthest, lost,
   * on_hold, kind, owner_id, leads, value): the rows `tallied(alias)` picks
   * from `ledgers.positions` plus the signed sums of `live`; `owners`, rows
   * of (owner_id, leads, value) for the OWNER grouping.
   * - COMPLEMENT (always for the whole pipeline): every ledger row for a
   *   viewer who sees everything, else the INTERNAL ones; minus (-1) the
   *   facts of the leads in them the filter leaves out; plus (+1) the
   *   confidential leads the viewer may see (the policy, visibleSql) that
   *   the filter keeps. A filter keeping most leads reads only the rest.
   * - SLICE (a country, a region, kinds, an owner, a team or a period
   *   alone; `slice`, see sliceOf): the slice ledgers' rows the slice reads
   *   (every row, or the INTERNAL ones, as above); plus the confidential
   *   leads the viewer may see that the filter keeps, and the leads it
   *   keeps outside those rows (a team's leads owned by others, a period's
   *   leads created in its part months).
   * - MATCHED: no ledger rows; the facts of the leads the filter keeps and
   *   the viewer may see.
   * `ours` picks the stays (under `st`) of the leads counted.
   */
  private pipelineNow(conditions: string[], reading: FactsReading, groupBy: PipelineGroupBy, slice?: Slice) {
    const everything = seesEverything(currentViewer());
    const visible = visibleSql('LEAD', 'f');
    const matches = conditions.length ? conditions.join(' AND ') : 'TRUE';
    const ledgers = slice ? LEDGERS.slices : LEDGERS.all;
    const summed = reading !== 'MATCHED';
    const tallied = (alias: string) =>
      !summed
        ? 'false'
        : and(everything ? 'TRUE' : `NOT ${alias}.confidential`, slice ? slice.rows(alias) : 'TRUE');
    // the leads the picked ledger rows leave out: the slice's outside, and (for a viewer who may not see every lead) confidential
    const outside = slice?.outside ?? '';
    const untallied = !summed ? 'TRUE' : everything ? outside || 'false' : outside ? `(${outside} OR f.confidential)` : 'f.confidential';
    const plus = untallied === 'false' ? 'false' : and(visible, matches, untallied);
    const minus = reading === 'COMPLEMENT' && conditions.length ? `${tallied('f')} AND (${matches}) IS NOT TRUE` : 'false';
    const sign = minus === 'false' ? '1' : plus === 'false' ? '-1' : `CASE WHEN ${minus} THEN -1 ELSE 1 END`;
    // value signed; a constant sign spares a multiplication per lead
    const signed = (value: string) => (sign === '1' ? value : sign === '-1' ? `-${value}` : `${value} * sign`);
    // the key arrays only for the grouping that reads them
    const keys = groupBy === PipelineGroupBy.TOPIC ? ' f.topics,' : groupBy === PipelineGroupBy.COUNTRY ? ' f.countries,' : '';
    const scope = `
      live AS MATERIALIZED (
        SELECT f.id, f.stage, f.furthest, f.lost, f.on_hold, f.kind, f.owner_id, f.value,${keys}
               f.stay_stages, f.stay_running, f.stay_buckets, ${sign} AS sign
          FROM ${FACTS} f
         WHERE ${minus === 'false' ? plus : plus === 'false' ? minus : `(${plus}) OR (${minus})`}
      ),
      positions AS (
        SELECT t.stage, t.furthest, t.lost, t.on_hold, t.kind, ${slice ? 'NULL::uuid' : 't.owner_id'}, t.leads, t.value
          FROM ${ledgers.positions} t WHERE ${tallied('t')}
        UNION ALL
        SELECT stage, furthest, lost, on_hold, kind, owner_id, sum(sign), sum(${signed('value')}) FROM live
         GROUP BY stage, furthest, lost, on_hold, kind, owner_id
      )`;
    // Whether a stay's lead counts is asked of that lead (by primary key, for the few stays in a median's window).
    const ours = conditions.length
      ? `EXISTS (SELECT 1 FROM ${FACTS} f WHERE f.id = st.lead_id AND ${and(visible, matches)})`
      : everything
        ? 'st.in_tallies'
        : '(st.in_tallies AND NOT st.confidential OR st.lead_id IN (SELECT id FROM live))';
    // (owner_id, leads, value) rows: the slice ledgers keep the owner apart (OWNER keys)
    const owners = slice
      ? `(SELECT t.group_key::uuid AS owner_id, t.leads, t.value FROM ${ledgers.keys} t WHERE t.dimension = 'OWNER' AND ${tallied('t')}
          UNION ALL
          SELECT c.owner_id, c.sign, ${signed('c.value')} FROM live c)`
      : 'positions';
    return { scope, tallied, ours, signed, ledgers, owners };
  }

  /**
   * pipelineStages now, from the tallies and the facts (see pipelineNow).
   * Leads, value and reached counts are sums of `positions`. The median of a
   * stage is found from stay counts (stay_tallies, and the stay buckets of
   * the live leads' facts) without sorting every stay:
   *
   * In whole days d, a finished stay of length L lies in bucket floor(L). A
   * running stay begun in (UTC) week e (days 7e to 7e + 7 since 1970), now
   * being day D plus a fraction, has a length in (j - 7, j + 1) with
   * j = D - 7e: it is surely shorter than d days when j < d, and perhaps when
   * d <= j <= d + 6. With N stays and the middle ranks k = (N - 1) / 2 and
   * k2 = N / 2 (from 0), `below(d)` (surely shorter than d days) and
   * `below(d) + perhaps(d)` (at most that many shorter) give a window [a, b)
   * of days that holds ranks k and k2: a is the last key whose "at most" is
   * <= k, b the first whose "surely" is > k2. Only the stays in that window
   * are read (index ranges) and sorted; their ranks start at the exact count
   * shorter than a, which is below(a) plus the running stays of the one week
   * e = (D - a) / 7 that are shorter than a.
   * percentile_cont's interpolation (lo + 0.5 * (hi - lo)) is then applied
   * to the same day values as the general statement, so the figures agree.
   */
  private currentStagesSql({ tallied, ours, ledgers }: PipelineNow): { ctes: string; select: string } {
    const counted = `(st.left_at IS NOT NULL OR st.stage NOT IN ('WON', 'LOST'))`;
    // w.a and w.b in days as intervals; an open end is a million days away
    const from = `make_interval(secs => COALESCE(w.a, -1000000) * 86400.0)`;
    const until = `make_interval(secs => COALESCE(w.b, 1000000) * 86400.0)`;
    const ctes = `
       today AS (SELECT floor(extract(epoch FROM now()) / 86400)::int AS d),
       buckets AS (
         SELECT t.stage, t.running, t.bucket, t.stays FROM ${ledgers.stays} t WHERE ${tallied('t')}
         UNION ALL
         -- unnest in the select list: one pass, where a FROM-clause unnest builds a result set per lead
         SELECT unnest(c.stay_stages), unnest(c.stay_running), unnest(c.stay_buckets), c.sign FROM live c
       ),
       days AS (
         SELECT b.stage, CASE WHEN b.running THEN t.d - 7 * b.bucket ELSE b.bucket END AS d,
                COALESCE(sum(b.stays) FILTER (WHERE b.running), 0)::int AS running, sum(b.stays)::int AS stays
           FROM (SELECT stage, running, bucket, sum(stays) AS stays FROM buckets GROUP BY 1, 2, 3) b CROSS JOIN today t
          GROUP BY 1, 2
       ),
       ranked AS (
         SELECT stage, d,
                COALESCE(sum(running) OVER (PARTITION BY stage ORDER BY d RANGE BETWEEN CURRENT ROW AND 6 FOLLOWING), 0)::bigint AS perhaps,
                COALESCE(sum(stays) OVER (PARTITION BY stage ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::bigint AS below,
                (sum(stays) OVER (PARTITION BY stage))::bigint AS n
           FROM days
          WHERE stays <> 0
       ),
       windows AS (
         -- below grows with d, so the largest below among the days up to a is below(a)
         SELECT stage, (n - 1) / 2 AS k, n / 2 AS k2,
                max(d) FILTER (WHERE below + perhaps <= (n - 1) / 2) AS a,
                COALESCE(max(below) FILTER (WHERE below + perhaps <= (n - 1) / 2), 0) AS below_a,
                min(d) FILTER (WHERE below > n / 2) AS b
           FROM ranked
          GROUP BY stage, n
       ),
       picked AS MATERIALIZED (
         SELECT w.stage, w.k, w.k2,
                -- the exact rank of the window's first stay: those surely shorter, and week (D - a) / 7's running stays shorter than a days
                w.below_a + (
                  SELECT count(*) FROM lead_stage_stays st
                   WHERE w.a IS NOT NULL AND st.stage = w.stage AND st.left_at IS NULL
                     AND st.entered_at >= to_timestamp(floor((t.d - w.a) / 7.0) * 7 * 86400)
                     AND st.entered_at < to_timestamp((floor((t.d - w.a) / 7.0) + 1) * 7 * 86400)
                     AND st.entered_at > now() - ${from} AND ${ours} AND ${counted}
                ) AS first,
                ARRAY(
                  SELECT dwell FROM (
                    SELECT st.dwell FROM lead_stage_stays st
                     WHERE st.stage = w.stage AND st.left_at IS NOT NULL AND st.dwell >= ${from} AND st.dwell < ${until} AND ${ours}
                    UNION ALL
                    SELECT now() - st.entered_at FROM lead_stage_stays st
                     WHERE st.stage = w.stage AND st.left_at IS NULL AND st.entered_at <= now() - ${from} AND st.entered_at > now() - ${until}
                       AND ${ours} AND ${counted}
                  ) window_stays ORDER BY dwell
                ) AS sorted
           FROM windows w CROSS JOIN today t
       ),
       medians AS (
         SELECT p.stage, ${days('p.sorted[p.k - p.first + 1]')} + 0.5::float8 * (${days('p.sorted[p.k2 - p.first + 1]')} - ${days('p.sorted[p.k - p.first + 1]')}) AS median
           FROM picked p
       ),
       present AS (SELECT stage, sum(leads) AS leads, sum(value) AS value FROM positions GROUP BY stage),
       reached AS MATERIALIZED (
         SELECT furthest, lost, on_hold, sum(leads) AS leads FROM positions GROUP BY furthest, lost, on_hold
       )`;
    return { ctes, select: stageRowsSql('medians') };
  }

  /** One grouping now, from `positions` and `live` (see pipelineNow), as rows under `g` and their order. */
  private currentGroupsSql({ tallied, signed, ledgers, owners }: PipelineNow, groupBy: PipelineGroupBy): { select: string; order: string } {
    const figures = `sum(s.leads)::int AS leads, COALESCE(sum(s.value), 0)::float8 AS "estimatedValue"`;
    const keyed = (dimension: 'TOPIC' | 'COUNTRY', column: 'topics' | 'countries') =>
      `SELECT s.key, COALESCE(s.key, '(none)') AS label, ${figures}
         FROM (SELECT t.${ledgers.groupKey} AS key, t.leads, t.value FROM ${ledgers.keys} t WHERE t.dimension = '${dimension}' AND ${tallied('t')}
               UNION ALL
               SELECT x.key, c.sign, ${signed('c.value')} FROM live c LEFT JOIN LATERAL unnest(c.${column}) AS x(key) ON true) s
        GROUP BY s.key HAVING sum(s.leads) <> 0`;
    const grouping: Record<PipelineGroupBy, () => string> = {
      [PipelineGroupBy.STAGE]: () =>
        `SELECT s.stage::text AS key, s.stage::text AS label, ${figures} FROM positions s GROUP BY s.stage HAVING sum(s.leads) <> 0`,
      [PipelineGroupBy.KIND]: () =>
        `SELECT s.kind::text AS key, s.kind::text AS label, ${figures} FROM positions s GROUP BY s.kind HAVING sum(s.leads) <> 0`,
      [PipelineGroupBy.TOPIC]: () => keyed('TOPIC', 'topics'),
      [PipelineGroupBy.OWNER]: () => `SELECT u.id::text AS key, u.display_name AS label, ${figures}
                                        FROM ${owners} s JOIN users u ON u.id = s.owner_id
                                       GROUP BY u.id, u.display_name HAVING sum(s.leads) <> 0`,
      [PipelineGroupBy.COUNTRY]: () => keyed('COUNTRY', 'countries'),
    };
    return { select: `SELECT g.key, g.label, g.leads, g."estimatedValue" FROM (${grouping[groupBy]()}) g`, order: groupOrder(groupBy) };
  }


  // ---- trip --------------------------------------------------------------------------------

  /** Whether the trip exists, with its commitment figures; null for an unknown trip. */
  async tripCommitments(db: Db, tripId: string, asOf: string | undefined): Promise<CommitmentsRow | null> {
    const params = new SqlParams();
    const trip = params.add(tripId);
    const [row] = await db.query(
      `WITH bounds AS (SELECT ${cutoff(params, asOf)} AS cutoff, COALESCE(${params.add(asOf ?? null)}::date, current_date) AS day),
       trip_meetings AS MATERIALIZED (
         SELECT m.id FROM meetings m WHERE m.trip_id = ${trip}::uuid AND m.archived_at IS NULL AND ${visibleSql('MEETING', 'm')}
       ),
       commitments AS (
         SELECT tk.id, tk.due_date,
                tk.status = 'DONE' AND COALESCE(tk.completed_at, tk.updated_at) < b.cutoff AS kept,
                tk.status = 'OPEN' OR COALESCE(tk.completed_at, tk.updated_at) >= b.cutoff AS open
           FROM trip_meetings m
          CROSS JOIN bounds b
          -- by meeting, through tasks_meeting_id_idx (OFFSET 0 keeps the planner from reading every task instead)
          CROSS JOIN LATERAL (SELECT tk.* FROM tasks tk
                               WHERE tk.meeting_id = m.id AND tk.is_commitment AND tk.archived_at IS NULL AND tk.status <> 'CANCELLED'
                               OFFSET 0) tk
          WHERE ${taskVisibleSql('tk')}
       )
       SELECT count(c.id) FILTER (WHERE c.kept)::int AS kept,
              count(c.id) FILTER (WHERE c.open)::int AS open,
              count(c.id) FILTER (WHERE c.open AND c.due_date < b.day)::int AS overdue,
              COALESCE(array_agg(c.id::text ORDER BY c.due_date NULLS LAST, c.id) FILTER (WHERE c.open), '{}') AS "openTaskIds"
         FROM trips t CROSS JOIN bounds b LEFT JOIN commitments c ON true
        WHERE t.id = ${trip}::uuid
        GROUP BY t.id, b.day`,
      params.values,
    );
    return row ?? null;
  }

  /**
   * Programme items by status, and held meetings by kind and by city. The
   * location is free text, so the city is read from it only where it names
   * one of the trip's destinations; otherwise it is the city of the meeting's
   * organisations in a destination country (the hosts, not the visitors).
   */
  tripMeetings(db: Db, tripId: string): Promise<CountRow[]> {
    return db.query(
      `WITH destinations AS MATERIALIZED (
         SELECT d.n, d.value ->> 'city' AS city, liaison_fold(d.value ->> 'city') AS folded_city, d.value ->> 'country' AS country
           FROM trips t, jsonb_array_elements(t.destinations) WITH ORDINALITY AS d(value, n)
          WHERE t.id = $1::uuid
       ),
       programme AS (SELECT m.id, m.kind, m.status, m.location FROM meetings m
                      WHERE m.trip_id = $1::uuid AND m.archived_at IS NULL AND ${visibleSql('MEETING', 'm')}),
       held AS (
         SELECT m.kind,
                COALESCE(
                  (SELECT d.city FROM destinations d
                    WHERE COALESCE(d.city, '') <> '' AND position(d.folded_city IN m.folded_location) > 0
                    ORDER BY d.n LIMIT 1),
                  (SELECT o.city FROM meeting_organisations mo JOIN organisations o ON o.id = mo.organisation_id
                    WHERE mo.meeting_id = m.id AND o.city IS NOT NULL AND o.country IN (SELECT d.country FROM destinations d)
                    ORDER BY liaison_fold(o.city) COLLATE "C" LIMIT 1)
                ) AS city
           FROM (SELECT m.kind, m.id, liaison_fold(COALESCE(m.location, '')) AS folded_location FROM programme m WHERE m.status = 'HELD') m
       )
       SELECT 'STATUS' AS dimension, status::text AS key, count(*)::int AS count FROM programme GROUP BY status
       UNION ALL
       SELECT 'KIND', kind::text, count(*)::int FROM held GROUP BY kind
       UNION ALL
       SELECT 'CITY', city, count(*)::int FROM held GROUP BY city
       ORDER BY dimension, count DESC, key`,
      [tripId],
    );
  }

  /**
   * Organisations of the held meetings, minus the delegation's own (its
   * members' affiliations during the trip, and the organiser), by country and
   * kind. One is new when nothing about it came before its first meeting on
   * this trip: no held meeting outside the trip, no lead from elsewhere.
   */
  tripOrganisations(db: Db, tripId: string): Promise<NewKnownRow[]> {
    return db.query(
      `WITH trip AS (SELECT id, start_date, end_date, organiser_id FROM trips WHERE id = $1::uuid),
       held AS (SELECT m.id, m.starts_at FROM meetings m
                 WHERE m.trip_id = $1::uuid AND m.archived_at IS NULL AND m.status = 'HELD' AND ${visibleSql('MEETING', 'm')}),
       delegation AS (
         SELECT af.organisation_id
           FROM trip JOIN trip_delegates td ON td.trip_id = trip.id
           JOIN affiliations af ON af.person_id = td.person_id AND af.archived_at IS NULL
            AND (af.start_date IS NULL OR af.start_date <= trip.end_date)
            AND (af.end_date IS NULL OR af.end_date >= trip.start_date)
         UNION
         SELECT organiser_id FROM trip WHERE organiser_id IS NOT NULL
       ),
       held_organisations AS MATERIALIZED (
         SELECT mo.organisation_id, h.starts_at FROM held h JOIN meeting_organisations mo ON mo.meeting_id = h.id
       ),
       met AS (
         SELECT organisation_id AS id, min(starts_at) AS first_met
           FROM held_organisations
          WHERE organisation_id NOT IN (SELECT organisation_id FROM delegation)
          GROUP BY organisation_id
       ),
       classified AS (
         SELECT o.country::text AS country, o.kind,
                NOT EXISTS (SELECT 1 FROM meeting_organisations mo JOIN meetings m ON m.id = mo.meeting_id
                             WHERE mo.organisation_id = met.id AND m.status = 'HELD' AND m.archived_at IS NULL
                               AND m.trip_id IS DISTINCT FROM $1::uuid AND m.starts_at < met.first_met AND ${visibleSql('MEETING', 'm')})
            AND NOT EXISTS (SELECT 1 FROM lead_organisations lo JOIN leads l ON l.id = lo.lead_id
                             WHERE lo.organisation_id = met.id AND l.archived_at IS NULL
                               AND l.origin_trip_id IS DISTINCT FROM $1::uuid AND l.created_at < met.first_met
                               AND ${visibleSql('LEAD', 'l')}) AS is_new
           FROM met JOIN organisations o ON o.id = met.id
       )
       SELECT CASE WHEN GROUPING(country) = 0 THEN 'COUNTRY' WHEN GROUPING(kind) = 0 THEN 'KIND' ELSE 'TOTAL' END AS dimension,
              CASE WHEN GROUPING(country) = 0 THEN country ELSE kind::text END AS key,
              count(*)::int AS total, count(*) FILTER (WHERE is_new)::int AS new
         FROM classified
        GROUP BY GROUPING SETS ((country), (kind), ())
        ORDER BY dimension, total DESC, key`,
      [tripId],
    );
  }

  /** HOST participants of the trip's held meetings, and those whose first held meeting ever was on it. */
  async tripPeople(db: Db, tripId: string): Promise<{ met: number; newContactIds: string[] }> {
    const [row] = await db.query(
      `WITH held AS MATERIALIZED (SELECT m.id, m.starts_at FROM meetings m
                                  WHERE m.trip_id = $1::uuid AND m.archived_at IS NULL AND m.status = 'HELD'
                                    AND ${visibleSql('MEETING', 'm')}),
       met AS (
         SELECT mp.person_id AS id, min(h.starts_at) AS first_met
           FROM held h JOIN meeting_participants mp ON mp.meeting_id = h.id
          WHERE mp.side = 'HOST'
          GROUP BY mp.person_id
       ),
       classified AS (
         SELECT met.id,
                EXISTS (SELECT 1 FROM meeting_participants mp JOIN meetings m ON m.id = mp.meeting_id
                         WHERE mp.person_id = met.id AND m.status = 'HELD' AND m.archived_at IS NULL
                           AND m.trip_id IS DISTINCT FROM $1::uuid AND m.starts_at < met.first_met
                           AND ${visibleSql('MEETING', 'm')}) AS known
           FROM met
       )
       SELECT count(*)::int AS met,
              COALESCE(array_agg(p.id::text ORDER BY liaison_fold(p.family_name) COLLATE "C", liaison_fold(p.given_name) COLLATE "C", p.id)
                         FILTER (WHERE NOT c.known), '{}') AS "newContactIds"
         FROM classified c JOIN people p ON p.id = c.id`,
      [tripId],
    );
    return row;
  }

  /** The trip's leads with their stage at the cutoff, and the partnership each became by then. */
  private tripLeadsScope(params: SqlParams, tripId: string, asOf: string | undefined): string {
    const asOfDay = params.add(asOf ?? null);
    return `
      bounds AS (SELECT COALESCE((${asOfDay}::date + 1)::timestamptz, now()) AS cutoff),
      trip_leads AS (
        SELECT l.id, l.title, l.stage AS current_stage, st.stage, st.entered_at AS since, l.estimated_value, l.potential_jobs,
               pa.id AS partnership_id, pa.title AS partnership_title, pa.signed_on, pa.value_eur
          FROM leads l
         CROSS JOIN bounds b
          JOIN lead_stage_stays st ON st.lead_id = l.id AND st.entered_at < b.cutoff AND (st.left_at IS NULL OR st.left_at >= b.cutoff)
          LEFT JOIN partnerships pa ON pa.lead_id = l.id AND pa.archived_at IS NULL
               AND (${asOfDay}::date IS NULL OR COALESCE(pa.signed_on, pa.created_at::date) <= ${asOfDay}::date)
         WHERE l.origin_trip_id = ${params.add(tripId)}::uuid AND l.archived_at IS NULL AND ${visibleSql('LEAD', 'l')}
      )`;
  }

  tripLeads(db: Db, tripId: string, asOf: string | undefined): Promise<TripLeadRow[]> {
    const params = new SqlParams();
    return db.query(
      `WITH ${this.tripLeadsScope(params, tripId, asOf)}
       SELECT id AS "leadId", title, stage, since AS "stageSince", current_stage AS "currentStage",
              estimated_value::float8 AS "estimatedValue", potential_jobs AS "potentialJobs",
              partnership_id AS "partnershipId", partnership_title AS "partnershipTitle",
              signed_on::text AS "signedOn", value_eur::float8 AS "valueEur"
         FROM trip_leads
        ORDER BY stage, liaison_fold(title) COLLATE "C", id`,
      params.values,
    );
  }

  /** Per stage and in total (stage null): leads, value, jobs, and the partnerships formed from them. */
  tripLeadTotals(db: Db, tripId: string, asOf: string | undefined): Promise<TripLeadTotalsRow[]> {
    const params = new SqlParams();
    return db.query(
      `WITH ${this.tripLeadsScope(params, tripId, asOf)}
       SELECT CASE WHEN GROUPING(stage) = 0 THEN stage END AS stage,
              count(*)::int AS leads,
              COALESCE(sum(estimated_value), 0)::float8 AS "estimatedValue",
              COALESCE(sum(potential_jobs), 0)::int AS "potentialJobs",
              count(partnership_id)::int AS partnerships,
              COALESCE(sum(value_eur), 0)::float8 AS "partnershipValue",
              COALESCE(sum(potential_jobs) FILTER (WHERE partnership_id IS NOT NULL), 0)::int AS "partnershipJobs"
         FROM trip_leads
        GROUP BY GROUPING SETS ((stage), ())
        ORDER BY GROUPING(stage), stage`,
      params.values,
    );
  }

  // ---- follow-ups --------------------------------------------------------------------------

  overdueTasksByAssignee(db: Db): Promise<OverdueTasksOfAssignee[]> {
    return db.query(
      `SELECT t.assignee_id AS "assigneeId", count(*)::int AS overdue,
              count(*) FILTER (WHERE t.is_commitment)::int AS commitments, min(t.due_date)::text AS "oldestDueDate"
         FROM tasks t
        WHERE t.status = 'OPEN' AND t.archived_at IS NULL AND t.due_date < current_date AND ${taskVisibleSql('t')}
        GROUP BY t.assignee_id
        ORDER BY overdue DESC, "oldestDueDate", t.assignee_id`,
    );
  }

  /** Open leads whose latest activity of any kind is older than `staleDays` days. */
  staleLeads(db: Db, staleDays: number): Promise<StaleLead[]> {
    return db.query(
      `SELECT l.id AS "leadId", l.title, l.stage, l.owner_id AS "ownerId", a.at AS "lastActivityAt",
              floor(extract(epoch FROM now() - a.at) / 86400)::int AS "daysInactive"
         FROM leads l
        CROSS JOIN LATERAL (
          SELECT GREATEST(
                   l.updated_at, l.stage_changed_at,
                   (SELECT max(sc.changed_at) FROM lead_stage_changes sc WHERE sc.lead_id = l.id),
                   (SELECT max(GREATEST(t.created_at, t.updated_at, t.completed_at)) FROM tasks t
                     WHERE t.lead_id = l.id AND t.archived_at IS NULL),
                   (SELECT max(GREATEST(n.created_at, n.updated_at)) FROM notes n
                     WHERE n.record_type = 'LEAD' AND n.record_id = l.id AND n.archived_at IS NULL)
                 ) AS at
        ) a
        WHERE l.archived_at IS NULL AND l.stage NOT IN ('WON', 'LOST') AND a.at < now() - make_interval(days => $1)
          AND ${visibleSql('LEAD', 'l')}
        ORDER BY a.at, l.id`,
      [staleDays],
    );
  }

  upcomingNextSteps(db: Db, upcomingDays: number): Promise<UpcomingNextStep[]> {
    return db.query(
      `SELECT l.id AS "leadId", l.title, l.stage, l.owner_id AS "ownerId", l.next_step AS "nextStep",
              l.next_step_date::text AS "nextStepDate"
         FROM leads l
        WHERE l.archived_at IS NULL AND l.stage NOT IN ('WON', 'LOST')
          AND l.next_step_date BETWEEN current_date AND current_date + $1::int AND ${visibleSql('LEAD', 'l')}
        ORDER BY l.next_step_date, liaison_fold(l.title) COLLATE "C", l.id`,
      [upcomingDays],
    );
  }

  async pastDueCommitmentIds(db: Db): Promise<string[]> {
    const [{ ids }] = await db.query(
      `SELECT COALESCE(array_agg(t.id::text ORDER BY t.due_date, t.id), '{}') AS ids
         FROM tasks t
        WHERE t.is_commitment AND t.status = 'OPEN' AND t.archived_at IS NULL AND t.due_date < current_date
          AND ${taskVisibleSql('t')}`,
    );
    return ids;
  }

  // ---- activity ----------------------------------------------------------------------------

  /** Every week or month touching [from, to], with the events inside [from, to] that fall in it. */
  activity(from: string, to: string, interval: ActivityInterval): Promise<ActivityPeriod[]> {
    const unit = interval === ActivityInterval.WEEK ? 'week' : 'month';
    return this.dataSource.query(
      `WITH bounds AS (SELECT $1::date::timestamptz AS lo, ($2::date + 1)::timestamptz AS hi),
       events AS (
         SELECT date_trunc($3::text, m.starts_at) AS bucket, 'MEETING' AS what
           FROM meetings m, bounds b
          WHERE m.status = 'HELD' AND m.archived_at IS NULL AND m.starts_at >= b.lo AND m.starts_at < b.hi
            AND ${visibleSql('MEETING', 'm')}
         UNION ALL
         SELECT date_trunc($3::text, p.created_at), 'CONTACT'
           FROM people p, bounds b
          WHERE p.archived_at IS NULL AND p.created_at >= b.lo AND p.created_at < b.hi
         UNION ALL
         SELECT date_trunc($3::text, l.created_at), 'OPENED'
           FROM leads l, bounds b
          WHERE l.archived_at IS NULL AND l.created_at >= b.lo AND l.created_at < b.hi AND ${visibleSql('LEAD', 'l')}
         UNION ALL
         SELECT date_trunc($3::text, sc.changed_at), 'WON'
           FROM lead_stage_changes sc JOIN leads l ON l.id = sc.lead_id AND l.archived_at IS NULL AND ${visibleSql('LEAD', 'l')}, bounds b
          WHERE sc.to_stage = 'WON' AND sc.changed_at >= b.lo AND sc.changed_at < b.hi
       ),
       buckets AS (
         SELECT generate_series(date_trunc($3::text, b.lo), b.hi - interval '1 millisecond', ('1 ' || $3::text)::interval) AS bucket
           FROM bounds b
       )
       SELECT GREATEST(k.bucket::date, $1::date)::text AS start,
              LEAST((k.bucket + ('1 ' || $3::text)::interval)::date - 1, $2::date)::text AS "end",
              count(*) FILTER (WHERE e.what = 'MEETING')::int AS "meetingsHeld",
              count(*) FILTER (WHERE e.what = 'CONTACT')::int AS "newContacts",
              count(*) FILTER (WHERE e.what = 'OPENED')::int AS "leadsOpened",
              count(*) FILTER (WHERE e.what = 'WON')::int AS "leadsWon"
         FROM buckets k LEFT JOIN events e ON e.bucket = k.bucket
        GROUP BY k.bucket
        ORDER BY k.bucket`,
      [from, to, unit],
    );
  }
}

/** The pieces pipelineNow builds for the current viewer and filter. */
type PipelineNow = ReturnType<ReportingRepository['pipelineNow']>;
