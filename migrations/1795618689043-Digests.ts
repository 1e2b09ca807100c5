import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminder digest: one row per user and day, and the per-day claim that
 * lets exactly one app instance build them. Written by hand (constraint and
 * index names are spelled out in the entities). Neither table has the audit
 * trigger: digests are derived from tasks and leads, job runs are operations
 * data; test/e2e/audit.e2e.spec.ts lists both as technical.
 */
export class Digests1795618689043 implements MigrationInterface {
  name = 'Digests1795618689043';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "digests" ("user_id" uuid NOT NULL, "digest_date" date NOT NULL, "content" jsonb NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "digests_pkey" PRIMARY KEY ("user_id", "digest_date"))`);
    await queryRunner.query(`CREATE INDEX "digests_digest_date_idx" ON "digests" ("digest_date")`);
    await queryRunner.query(`ALTER TABLE "digests" ADD CONSTRAINT "digests_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE TABLE "job_runs" ("job" character varying(60) NOT NULL, "run_date" date NOT NULL, "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP(3) WITH TIME ZONE, "instance" character varying(200) NOT NULL, CONSTRAINT "job_runs_pkey" PRIMARY KEY ("job", "run_date"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "job_runs"`);
    await queryRunner.query(`ALTER TABLE "digests" DROP CONSTRAINT "digests_user_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."digests_digest_date_idx"`);
    await queryRunner.query(`DROP TABLE "digests"`);
  }
}
