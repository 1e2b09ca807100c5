import { MigrationInterface, QueryRunner } from 'typeorm';
import { compactTallies, Ledger, LEDGERS } from './1795640000000-PipelineTallies';
import { createFoldIndexes, SLICE_LEDGERS } from './1795660000000-PipelineSliceTallies';

/**
 * The three pipeline ledgers of migration 1795640000000 folded by what
 * changed, as the slice ledgers are (a `folded` flag, an index on the
 * columns the fold matches and one on the rows written since). Written by
 * hand. Folding them whole took every compaction 80 to 90 ms on the bench
 * data even when nothing had changed, paid by the writer that ran it (about
 * one refresh in 64).
 */
export class FoldedPipelineTallies1795680000000 implements MigrationInterface {
  name = 'FoldedPipelineTallies1795680000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // rows already there count as written since: the first compaction folds them all
    for (const { table } of FOLDED_LEDGERS) await queryRunner.query(`ALTER TABLE "${table}" ADD COLUMN "folded" boolean NOT NULL DEFAULT false`);
    await createFoldIndexes(queryRunner, FOLDED_LEDGERS, 'fold');
    await queryRunner.query(compactTallies('CREATE OR REPLACE', SLICE_LEDGERS, FOLDED_LEDGERS));
    await queryRunner.query(`SELECT liaison_compact_tallies()`);
    await queryRunner.query(`ANALYZE ${FOLDED_LEDGERS.map(({ table }) => `"${table}"`).join(', ')}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(compactTallies('CREATE OR REPLACE', SLICE_LEDGERS));
    for (const { table } of FOLDED_LEDGERS) {
      await queryRunner.query(`DROP INDEX "${table}_unfolded_idx"`);
      await queryRunner.query(`DROP INDEX "${table}_fold_idx"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "folded"`);
    }
  }
}

/** LEDGERS with their nullable keys named, which makes compactTallies fold them by what changed. */
const NULLABLE: Record<string, string[]> = {
  pipeline_tallies: ['furthest', 'lost', 'on_hold'],
  pipeline_key_tallies: ['key'],
  stay_tallies: [],
};
const FOLDED_LEDGERS: Ledger[] = LEDGERS.map((ledger) => ({ ...ledger, nullable: NULLABLE[ledger.table] }));
