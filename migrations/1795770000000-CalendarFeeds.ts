import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calendar feeds (issue 15): a user's secret calendar URLs, stored as the
 * SHA-256 of their token. Written by hand (constraint and index names are
 * spelled out in the entity, so the schema diff finds nothing to do). The
 * audit trail records creating and revoking a feed under its user's id, with
 * the hash only as "[secret]".
 */
export class CalendarFeeds1795770000000 implements MigrationInterface {
  name = 'CalendarFeeds1795770000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "calendar_feeds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "token_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "calendar_feeds_pkey" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "calendar_feeds_token_hash_key" ON "calendar_feeds" ("token_hash")`);
    await queryRunner.query(`CREATE INDEX "calendar_feeds_user_id_idx" ON "calendar_feeds" ("user_id")`);
    await queryRunner.query(`ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(
      `CREATE TRIGGER "calendar_feeds_audit" AFTER INSERT OR DELETE OR UPDATE OF "name", "revoked_at"
       ON "calendar_feeds" FOR EACH ROW EXECUTE FUNCTION liaison_audit('user_id', 'token_hash')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "calendar_feeds_audit" ON "calendar_feeds"`);
    await queryRunner.query(`ALTER TABLE "calendar_feeds" DROP CONSTRAINT "calendar_feeds_user_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."calendar_feeds_user_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."calendar_feeds_token_hash_key"`);
    await queryRunner.query(`DROP TABLE "calendar_feeds"`);
  }
}
