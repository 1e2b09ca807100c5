import { MigrationInterface, QueryRunner } from 'typeorm';
import { leadCountriesChanged } from './1795630000000-ReportIndexes';
import { leadsTalliesChanged, pipelineFactsOf } from './1795640000000-PipelineTallies';

/**
 * A filtered pipeline report read from pipeline_lead_facts alone (issue 5:
 * a filter keeping 30,000 leads or more took 260-400 ms, most of it joining
 * every matched lead's row in `leads` to its facts, and a region filter
 * looked up every lead's organisations). Written by hand.
 *
 * The facts gain the lead columns the report's filters and the access
 * policy read (confidentiality, team, created_at, origin trip) and the
 * regions of the lead's organisations (folded, as the region filter
 * compares them). The per-lead refresh keeps them: the leads trigger now
 * also follows those columns, the organisations trigger a region's change.
 * Indexes for the selective filters (owner, team, period, trip, and GIN for
 * country, region and topic), and for the confidential leads a non-admin's
 * report adds one by one, which replaces leads_confidential_idx.
 */
export class PipelineFactsFilters1795650000000 implements MigrationInterface {
  name = 'PipelineFactsFilters1795650000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pipeline_lead_facts" ADD "confidentiality" "public"."confidentiality"`);
    await queryRunner.query(`ALTER TABLE "pipeline_lead_facts" ADD "team_id" uuid`);
    await queryRunner.query(`ALTER TABLE "pipeline_lead_facts" ADD "created_at" timestamptz`);
    await queryRunner.query(`ALTER TABLE "pipeline_lead_facts" ADD "origin_trip_id" uuid`);
    await queryRunner.query(`ALTER TABLE "pipeline_lead_facts" ADD "regions" text[]`);
    await queryRunner.query(pipelineFactsOf('CREATE OR REPLACE', FACTS_MORE, REGIONS));
    // Every lead's facts rebuilt by the one definition; the ledgers' -1/+1 rows cancel, and the compaction folds them.
    await queryRunner.query(`SELECT liaison_refresh_pipeline_facts(NULL)`);
    await queryRunner.query(`SELECT liaison_compact_tallies()`);
    for (const column of ['confidentiality', 'created_at', 'regions']) {
      await queryRunner.query(`ALTER TABLE "pipeline_lead_facts" ALTER COLUMN "${column}" SET NOT NULL`);
    }
    await queryRunner.query(leadsTalliesChanged('CREATE OR REPLACE', LEADS_MORE));
    await queryRunner.query(leadCountriesChanged('CREATE OR REPLACE', ['country', 'region']));
    for (const [name, definition] of INDEXES) await queryRunner.query(`CREATE INDEX "${name}" ON "pipeline_lead_facts" ${definition}`);
    // The report now finds a viewer's confidential leads in the facts (pipeline_lead_facts_confidential_idx).
    await queryRunner.query(`DROP INDEX "public"."leads_confidential_idx"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "leads_confidential_idx" ON "leads" ("id") WHERE "confidentiality" = 'CONFIDENTIAL' AND "archived_at" IS NULL`,
    );
    for (const [name] of INDEXES) await queryRunner.query(`DROP INDEX "public"."${name}"`);
    await queryRunner.query(leadCountriesChanged('CREATE OR REPLACE', ['country']));
    await queryRunner.query(leadsTalliesChanged('CREATE OR REPLACE', []));
    for (const column of [...LEADS_MORE, 'regions']) await queryRunner.query(`ALTER TABLE "pipeline_lead_facts" DROP COLUMN "${column}"`);
    await queryRunner.query(pipelineFactsOf('CREATE OR REPLACE', ''));
  }
}

/** The lead columns the facts gain, in table order. */
const LEADS_MORE = ['confidentiality', 'team_id', 'created_at', 'origin_trip_id'];
const FACTS_MORE = [...LEADS_MORE.map((column) => `l.${column}`), 'r.regions'].map((column) => `, ${column}`).join('');

/** The regions of lead `l`'s organisations, folded (liaison_fold), under `r`. */
const REGIONS = `
          CROSS JOIN LATERAL (
            SELECT COALESCE(array_agg(DISTINCT liaison_fold(o.region) ORDER BY liaison_fold(o.region)) FILTER (WHERE o.region IS NOT NULL), '{}') AS regions
              FROM lead_organisations lo JOIN organisations o ON o.id = lo.organisation_id
             WHERE lo.lead_id = l.id
          ) r`;

const INDEXES: [string, string][] = [
  ['pipeline_lead_facts_owner_id_idx', '("owner_id")'],
  ['pipeline_lead_facts_team_id_idx', '("team_id")'],
  ['pipeline_lead_facts_created_at_idx', '("created_at")'],
  ['pipeline_lead_facts_origin_trip_id_idx', '("origin_trip_id")'],
  ['pipeline_lead_facts_confidential_idx', '("lead_id") WHERE "confidential"'],
  ['pipeline_lead_facts_countries_idx', 'USING gin ("countries")'],
  ['pipeline_lead_facts_regions_idx', 'USING gin ("regions")'],
  ['pipeline_lead_facts_topics_idx', 'USING gin ("topics")'],
];
