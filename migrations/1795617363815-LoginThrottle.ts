import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login attempts per account and per client address, shared by all app
 * instances. Written by hand; UNLOGGED because the counters need no crash
 * safety and the table is written on every login.
 */
export class LoginThrottle1795617363815 implements MigrationInterface {
  name = 'LoginThrottle1795617363815';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNLOGGED TABLE "login_throttle" ("key" character varying(300) NOT NULL, "attempted_at" TIMESTAMP WITH TIME ZONE array NOT NULL DEFAULT '{}', "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "login_throttle_pkey" PRIMARY KEY ("key"))`);
    await queryRunner.query(`CREATE INDEX "login_throttle_expires_at_idx" ON "login_throttle" ("expires_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."login_throttle_expires_at_idx"`);
    await queryRunner.query(`DROP TABLE "login_throttle"`);
  }
}
