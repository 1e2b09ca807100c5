import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A receipt remembers what its first call asked for (a SHA-256 of the input
 * in canonical JSON), so a clientMutationId reused with other content is
 * refused instead of silently replaying the first result. Receipts written
 * before this have none and still replay.
 */
export class MutationReceiptPayloads1795720000000 implements MigrationInterface {
  name = 'MutationReceiptPayloads1795720000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mutation_receipts" ADD "payload_hash" character(64)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mutation_receipts" DROP COLUMN "payload_hash"`);
  }
}
