import { MigrationInterface, QueryRunner } from 'typeorm';
import { compactTallies, Ledger, refreshPipelineFacts } from './1795640000000-PipelineTallies';

/**
 * The pipeline ledgers once more, per slice of the leads (issue 5: a period
 * keeping half the leads took 400 ms, the home country or region 200 to 300
 * ms, a kind 160 to 350 ms, reading each lead's facts). Written by hand.
 *
 * A slice is a value of one filter: the month of the lead's creation
 * (MONTH, `YYYY-MM`), its kind (KIND), one of its organisations' countries
 * (COUNTRY) or regions (REGION, folded by liaison_fold as the region filter
 * compares them). A lead counts once in each slice it falls in. A country,
 * region or kind filter alone reads its slice's rows (a lead has one kind,
 * so several kinds sum their slices); a period alone reads the rows of the
 * months wholly inside it, and only the leads created in its part months at
 * either end one by one. The months are UTC months (liaison_created_month),
 * so a row's month never depends on a session's TimeZone; the report works
 * out which UTC months lie wholly inside the period as the session sees it.
 *
 * The slice ledgers are written where the others are, from the facts rows
 * liaison_refresh_pipeline_facts deletes and inserts (its stay arrays are
 * what stay_tallies counts), and folded by the same compaction, which
 * folds these by what changed since (their `folded` flag). Unlike the
 * pipeline ledgers they keep the owner as a group key of its own (OWNER in
 * pipeline_slice_key_tallies): among the positions it would make nearly a
 * row per lead (50 owners times kinds and stages, per month).
 */
export class PipelineSliceTallies1795660000000 implements MigrationInterface {
  name = 'PipelineSliceTallies1795660000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const slice = `"slice" text NOT NULL CHECK ("slice" IN ('MONTH', 'KIND', 'COUNTRY', 'REGION')), "key" text NOT NULL`;
    await queryRunner.query(`CREATE TABLE "pipeline_slice_tallies" (
      "id" bigserial PRIMARY KEY,
      "confidential" boolean NOT NULL,
      ${slice},
      "stage" "public"."lead_stage" NOT NULL,
      "furthest" smallint,
      "lost" boolean,
      "on_hold" boolean,
      "kind" "public"."lead_kind" NOT NULL,
      "leads" integer NOT NULL,
      "value" numeric NOT NULL,
      "folded" boolean NOT NULL DEFAULT false
    )`);
    await queryRunner.query(`CREATE TABLE "pipeline_slice_key_tallies" (
      "id" bigserial PRIMARY KEY,
      "confidential" boolean NOT NULL,
      ${slice},
      "dimension" text NOT NULL CHECK ("dimension" IN ('OWNER', 'TOPIC', 'COUNTRY')),
      "group_key" text,
      "leads" integer NOT NULL,
      "value" numeric NOT NULL,
      "folded" boolean NOT NULL DEFAULT false
    )`);
    await queryRunner.query(`CREATE TABLE "stay_slice_tallies" (
      "id" bigserial PRIMARY KEY,
      "confidential" boolean NOT NULL,
      ${slice},
      "stage" "public"."lead_stage" NOT NULL,
      "running" boolean NOT NULL,
      "bucket" integer NOT NULL,
      "stays" integer NOT NULL,
      "folded" boolean NOT NULL DEFAULT false
    )`);
    // A slice's rows, and (with the columns after slice and key) the rows the compaction folds; the rows written since.
    await createFoldIndexes(queryRunner, SLICE_LEDGERS, 'slice');
    // The first day of a moment's month in UTC.
    await queryRunner.query(`CREATE FUNCTION liaison_created_month(created_at timestamptz) RETURNS date
      LANGUAGE sql IMMUTABLE AS $$ SELECT date_trunc('month', created_at AT TIME ZONE 'UTC')::date $$`);
    await queryRunner.query(refreshPipelineFacts('CREATE OR REPLACE', (facts, sign) => sliceRows(facts, sign)));
    await queryRunner.query(compactTallies('CREATE OR REPLACE', SLICE_LEDGERS));
    // Every lead's facts counted once, by the same statements the refresh runs.
    await queryRunner.query(`WITH ${sliceRows('pipeline_lead_facts', '').join(', ')} SELECT 1`);
    await queryRunner.query(`SELECT liaison_compact_tallies()`);
    // Statistics that know the rows are folded, so the compaction's plans look for the few that are not.
    await queryRunner.query(`ANALYZE ${SLICE_LEDGERS.map(({ table }) => `"${table}"`).join(', ')}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(compactTallies('CREATE OR REPLACE', []));
    await queryRunner.query(refreshPipelineFacts('CREATE OR REPLACE', () => []));
    await queryRunner.query(`DROP FUNCTION liaison_created_month(timestamptz)`);
    for (const { table } of SLICE_LEDGERS) await queryRunner.query(`DROP TABLE "${table}"`);
  }
}

/** The slice ledgers, folded by what changed (compactTallies): rewriting their 280,000 rows on the bench data took a writer 1.4 s. */
export const SLICE_LEDGERS: Ledger[] = [
  {
    table: 'pipeline_slice_tallies',
    keys: ['confidential', 'slice', 'key', 'stage', 'furthest', 'lost', 'on_hold', 'kind'],
    sums: ['leads', 'value'],
    nullable: ['furthest', 'lost', 'on_hold'],
  },
  {
    table: 'pipeline_slice_key_tallies',
    keys: ['confidential', 'slice', 'key', 'dimension', 'group_key'],
    sums: ['leads', 'value'],
    nullable: ['group_key'],
  },
  { table: 'stay_slice_tallies', keys: ['confidential', 'slice', 'key', 'stage', 'running', 'bucket'], sums: ['stays'], nullable: [] },
];

/**
 * The slices of the facts row under `f`, each a SELECT of (slice, key) rows.
 * Later migrations add slices (SLICE_SOURCES_WITH_OWNER, then
 * SLICE_SOURCES_WITH_PLACE_MONTHS): a later rebuild of
 * liaison_refresh_pipeline_facts must write the latest list.
 */
export const SLICE_SOURCES = [
  `SELECT 'MONTH', to_char(liaison_created_month(f.created_at), 'YYYY-MM')`,
  `SELECT 'KIND', f.kind::text`,
  `SELECT 'COUNTRY', c FROM unnest(f.countries) c`,
  `SELECT 'REGION', r FROM unnest(f.regions) r`,
];

/**
 * For ledgers folded by what changed (`nullable` given, see compactTallies):
 * an index `<table>_<suffix>_idx` on the columns the fold matches (the keys
 * but confidential and the nullable ones), and one on the rows not folded.
 */
export async function createFoldIndexes(queryRunner: QueryRunner, ledgers: Ledger[], suffix: string): Promise<void> {
  for (const { table, keys, nullable } of ledgers) {
    const matched = keys.filter((column) => column !== 'confidential' && !nullable?.includes(column));
    await queryRunner.query(`CREATE INDEX "${table}_${suffix}_idx" ON "${table}" (${matched.map((column) => `"${column}"`).join(', ')})`);
    await queryRunner.query(`CREATE INDEX "${table}_unfolded_idx" ON "${table}" ("id") WHERE NOT "folded"`);
  }
}

/**
 * The slice ledgers' rows of the facts rows `facts`, signed by `sign`: the
 * pipeline ledgers' rows per slice, of the slices `sources` (SLICE_SOURCES).
 */
export function sliceRows(facts: string, sign: string, sources = SLICE_SOURCES): string[] {
  // the slices of the facts row under `f`, as (slice, key) under `s`
  const slices = `CROSS JOIN LATERAL (${sources.join(' UNION ALL ')}) s(slice, key)`;
  const figures = `${sign} count(*), ${sign} sum(f.value)`;
  return [
    `slice_counted AS (INSERT INTO pipeline_slice_tallies (confidential, slice, key, stage, furthest, lost, on_hold, kind, leads, value)
                       SELECT f.confidential, s.slice, s.key, f.stage, f.furthest, f.lost, f.on_hold, f.kind, ${figures}
                         FROM ${facts} f ${slices} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8)`,
    `slice_keys AS (INSERT INTO pipeline_slice_key_tallies (confidential, slice, key, dimension, group_key, leads, value)
                    SELECT f.confidential, s.slice, s.key, g.dimension, g.key, ${figures}
                      FROM ${facts} f ${slices}
                     CROSS JOIN LATERAL (
                       SELECT 'OWNER', f.owner_id::text
                       UNION ALL SELECT 'TOPIC', t FROM unnest(CASE WHEN f.topics = '{}' THEN '{NULL}' ELSE f.topics END) t
                       UNION ALL SELECT 'COUNTRY', c FROM unnest(CASE WHEN f.countries = '{}' THEN '{NULL}' ELSE f.countries END) c
                     ) g(dimension, key)
                     GROUP BY 1, 2, 3, 4, 5)`,
    `slice_stays AS (INSERT INTO stay_slice_tallies (confidential, slice, key, stage, running, bucket, stays)
                     SELECT f.confidential, s.slice, s.key, st.stage, st.running, st.bucket, ${sign} count(*)
                       FROM ${facts} f ${slices}
                      CROSS JOIN LATERAL unnest(f.stay_stages, f.stay_running, f.stay_buckets) st(stage, running, bucket)
                      GROUP BY 1, 2, 3, 4, 5, 6)`,
  ];
}
