import { MigrationInterface, QueryRunner } from 'typeorm';
import { compactTallies, Ledger, refreshPipelineFacts } from './1795640000000-PipelineTallies';

/**
 * The pipeline ledgers once more, per month of the lead's creation (issue 5:
 * a period filter keeping half the leads took 400 ms, reading each lead's
 * facts). Written by hand.
 *
 * A period filter (from, to) is mostly whole calendar months: their figures
 * are the month ledgers' rows, summed; only the leads created in the
 * period's first and last part months are read one by one. The months are
 * UTC months (liaison_created_month), so a row's month never depends on a
 * session's TimeZone; the report works out which UTC months lie wholly
 * inside the period as the session sees it.
 *
 * The month ledgers are written where the others are, from the facts rows
 * liaison_refresh_pipeline_facts deletes and inserts (its stay arrays are
 * what stay_tallies counts), and folded by the same compaction.
 */
export class PipelineMonthTallies1795660000000 implements MigrationInterface {
  name = 'PipelineMonthTallies1795660000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "pipeline_month_tallies" (
      "id" bigserial PRIMARY KEY,
      "confidential" boolean NOT NULL,
      "month" date NOT NULL,
      "stage" "public"."lead_stage" NOT NULL,
      "furthest" smallint,
      "lost" boolean,
      "on_hold" boolean,
      "kind" "public"."lead_kind" NOT NULL,
      "leads" integer NOT NULL,
      "value" numeric NOT NULL
    )`);
    await queryRunner.query(`CREATE TABLE "pipeline_month_key_tallies" (
      "id" bigserial PRIMARY KEY,
      "confidential" boolean NOT NULL,
      "month" date NOT NULL,
      "dimension" text NOT NULL CHECK ("dimension" IN ('OWNER', 'TOPIC', 'COUNTRY')),
      "key" text,
      "leads" integer NOT NULL,
      "value" numeric NOT NULL
    )`);
    await queryRunner.query(`CREATE TABLE "stay_month_tallies" (
      "id" bigserial PRIMARY KEY,
      "confidential" boolean NOT NULL,
      "month" date NOT NULL,
      "stage" "public"."lead_stage" NOT NULL,
      "running" boolean NOT NULL,
      "bucket" integer NOT NULL,
      "stays" integer NOT NULL
    )`);
    for (const { table } of MONTH_LEDGERS) await queryRunner.query(`CREATE INDEX "${table}_month_idx" ON "${table}" ("month")`);
    // The first day of a moment's month in UTC.
    await queryRunner.query(`CREATE FUNCTION liaison_created_month(created_at timestamptz) RETURNS date
      LANGUAGE sql IMMUTABLE AS $$ SELECT date_trunc('month', created_at AT TIME ZONE 'UTC')::date $$`);
    await queryRunner.query(refreshPipelineFacts('CREATE OR REPLACE', monthRows));
    await queryRunner.query(compactTallies('CREATE OR REPLACE', MONTH_LEDGERS));
    // Every lead's facts counted once, by the same statements the refresh runs.
    await queryRunner.query(`WITH ${monthRows('pipeline_lead_facts', '').join(', ')} SELECT 1`);
    await queryRunner.query(`SELECT liaison_compact_tallies()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(compactTallies('CREATE OR REPLACE', []));
    await queryRunner.query(refreshPipelineFacts('CREATE OR REPLACE', () => []));
    await queryRunner.query(`DROP FUNCTION liaison_created_month(timestamptz)`);
    for (const { table } of MONTH_LEDGERS) await queryRunner.query(`DROP TABLE "${table}"`);
  }
}

const MONTH_LEDGERS: Ledger[] = [
  {
    table: 'pipeline_month_tallies',
    keys: ['confidential', 'month', 'stage', 'furthest', 'lost', 'on_hold', 'kind'],
    sums: ['leads', 'value'],
  },
  { table: 'pipeline_month_key_tallies', keys: ['confidential', 'month', 'dimension', 'key'], sums: ['leads', 'value'] },
  { table: 'stay_month_tallies', keys: ['confidential', 'month', 'stage', 'running', 'bucket'], sums: ['stays'] },
];

/**
 * The month ledgers' rows of the facts rows `facts`, signed by `sign`: the
 * pipeline ledgers' rows with the month, except that the owner is a key of
 * its own (OWNER in pipeline_month_key_tallies). Kept among the positions,
 * it would make nearly a row per lead: 50 owners times kinds and stages.
 */
function monthRows(facts: string, sign: string): string[] {
  const month = `liaison_created_month(f.created_at)`;
  return [
    `month_counted AS (INSERT INTO pipeline_month_tallies (confidential, month, stage, furthest, lost, on_hold, kind, leads, value)
                       SELECT f.confidential, ${month}, f.stage, f.furthest, f.lost, f.on_hold, f.kind, ${sign} count(*), ${sign} sum(f.value)
                         FROM ${facts} f GROUP BY 1, 2, 3, 4, 5, 6, 7)`,
    `month_keys AS (INSERT INTO pipeline_month_key_tallies (confidential, month, dimension, key, leads, value)
                    SELECT f.confidential, ${month}, 'OWNER', f.owner_id::text, ${sign} count(*), ${sign} sum(f.value)
                      FROM ${facts} f GROUP BY 1, 2, 4
                    UNION ALL
                    SELECT f.confidential, ${month}, 'TOPIC', t.topic, ${sign} count(*), ${sign} sum(f.value)
                      FROM ${facts} f LEFT JOIN LATERAL unnest(f.topics) t(topic) ON true GROUP BY 1, 2, 4
                    UNION ALL
                    SELECT f.confidential, ${month}, 'COUNTRY', c.country, ${sign} count(*), ${sign} sum(f.value)
                      FROM ${facts} f LEFT JOIN LATERAL unnest(f.countries) c(country) ON true GROUP BY 1, 2, 4)`,
    `month_stays AS (INSERT INTO stay_month_tallies (confidential, month, stage, running, bucket, stays)
                     SELECT f.confidential, ${month}, s.stage, s.running, s.bucket, ${sign} count(*)
                       FROM ${facts} f CROSS JOIN LATERAL unnest(f.stay_stages, f.stay_running, f.stay_buckets) s(stage, running, bucket)
                      GROUP BY 1, 2, 3, 4, 5)`,
  ];
}
