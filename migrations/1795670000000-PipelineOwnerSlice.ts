import { MigrationInterface, QueryRunner } from 'typeorm';
import { refreshPipelineFacts } from './1795640000000-PipelineTallies';
import { SLICE_LEDGERS, SLICE_SOURCES, sliceRows } from './1795660000000-PipelineSliceTallies';

/**
 * One more slice of the pipeline's slice ledgers: the lead's owner (OWNER,
 * the owner's id). Written by hand.
 *
 * An owner filter alone reads its owner's rows. A team filter alone (the
 * leads of the team, or owned by one of its members) reads its members'
 * OWNER rows, the members as they are when the report reads them, and only
 * the team's leads owned by others one by one, so a change of membership
 * rewrites no ledger row. On the bench data a team filter keeping 69,000
 * of the 196,000 leads took 520 ms, reading the 127,000 it leaves out one
 * by one.
 */
export class PipelineOwnerSlice1795670000000 implements MigrationInterface {
  name = 'PipelineOwnerSlice1795670000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await allowSlices(queryRunner, ['MONTH', 'KIND', 'COUNTRY', 'REGION', 'OWNER']);
    await queryRunner.query(refreshPipelineFacts('CREATE OR REPLACE', (facts, sign) => sliceRows(facts, sign, SLICE_SOURCES_WITH_OWNER)));
    // Every lead's facts counted once in its owner's slice.
    await queryRunner.query(`WITH ${sliceRows('pipeline_lead_facts', '', [OWNER]).join(', ')} SELECT 1`);
    await queryRunner.query(`SELECT liaison_compact_tallies()`);
    await queryRunner.query(`ANALYZE ${SLICE_LEDGERS.map(({ table }) => `"${table}"`).join(', ')}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(refreshPipelineFacts('CREATE OR REPLACE', (facts, sign) => sliceRows(facts, sign)));
    for (const { table } of SLICE_LEDGERS) await queryRunner.query(`DELETE FROM "${table}" WHERE "slice" = 'OWNER'`);
    await allowSlices(queryRunner, ['MONTH', 'KIND', 'COUNTRY', 'REGION']);
  }
}

/** The owner's slice of the facts row under `f` (see SLICE_SOURCES). */
const OWNER = `SELECT 'OWNER', f.owner_id::text`;

/** Every slice the refresh writes from this migration on (1795690000000 adds more). */
export const SLICE_SOURCES_WITH_OWNER = [...SLICE_SOURCES, OWNER];

/** The slices the slice ledgers' CHECK constraints allow: `slices`, and those LIKE one of `patterns`. */
export async function allowSlices(queryRunner: QueryRunner, slices: string[], patterns: string[] = []): Promise<void> {
  const allowed = [`"slice" IN (${slices.map((slice) => `'${slice}'`).join(', ')})`, ...patterns.map((pattern) => `"slice" LIKE '${pattern}'`)];
  for (const { table } of SLICE_LEDGERS) {
    await queryRunner.query(
      `ALTER TABLE "${table}" DROP CONSTRAINT "${table}_slice_check",
         ADD CONSTRAINT "${table}_slice_check" CHECK (${allowed.join(' OR ')})`,
    );
  }
}
