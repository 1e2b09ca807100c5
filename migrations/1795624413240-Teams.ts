import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables audited like every record table; link tables under their parent's id. */
const AUDITED: [string, string][] = [
  ['teams', 'id'],
  ['team_members', 'team_id'],
  ['record_access', 'record_id'],
];

/**
 * Teams and confidentiality (issue 4): teams and their members, the
 * confidentiality and team of leads and meetings, and the named extra users
 * who may see a CONFIDENTIAL record. Generated, then read and completed by
 * hand: one enum type (the generator created it twice), a unique index on the
 * folded team name, and the audit trigger on the three new tables.
 */
export class Teams1795624413240 implements MigrationInterface {
  name = 'Teams1795624413240';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "teams" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "archived_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "name" character varying(120) NOT NULL, "description" text, CONSTRAINT "PK_7e5523774a38b08a6236d322403" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "team_members" ("team_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1d3c06a8217a8785e2af0ec4ab8" PRIMARY KEY ("team_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "team_members_user_id_idx" ON "team_members" ("user_id")`);
    await queryRunner.query(`CREATE TABLE "record_access" ("record_type" "public"."record_type" NOT NULL, "record_id" uuid NOT NULL, "user_id" uuid NOT NULL, "granted_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2d3fb27567fe5989c16d4e95a53" PRIMARY KEY ("record_type", "record_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "record_access_user_id_idx" ON "record_access" ("user_id")`);
    await queryRunner.query(`CREATE TYPE "public"."confidentiality" AS ENUM('INTERNAL', 'CONFIDENTIAL')`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD "confidentiality" "public"."confidentiality" NOT NULL DEFAULT 'INTERNAL'`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD "team_id" uuid`);
    await queryRunner.query(`ALTER TABLE "leads" ADD "confidentiality" "public"."confidentiality" NOT NULL DEFAULT 'INTERNAL'`);
    await queryRunner.query(`ALTER TABLE "leads" ADD "team_id" uuid`);
    await queryRunner.query(`CREATE INDEX "meetings_team_id_idx" ON "meetings" ("team_id")`);
    await queryRunner.query(`CREATE INDEX "leads_team_id_idx" ON "leads" ("team_id")`);
    await queryRunner.query(`ALTER TABLE "team_members" ADD CONSTRAINT "FK_fdad7d5768277e60c40e01cdcea" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_members" ADD CONSTRAINT "FK_c2bf4967c8c2a6b845dadfbf3d4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD CONSTRAINT "FK_7d3c090068fcb4fe1a946b9b7e8" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "leads" ADD CONSTRAINT "FK_eb6d04405c71028eb189a2e43e5" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "record_access" ADD CONSTRAINT "FK_ef5540ee7db6012f883ee02215e" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE UNIQUE INDEX "teams_name_key" ON "teams" (liaison_fold("name"))`);
    for (const [table, idColumn] of AUDITED) {
      await queryRunner.query(`CREATE TRIGGER "${table}_audit" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION liaison_audit('${idColumn}')`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of AUDITED) await queryRunner.query(`DROP TRIGGER "${table}_audit" ON "${table}"`);
    await queryRunner.query(`DROP INDEX "public"."teams_name_key"`);
    await queryRunner.query(`ALTER TABLE "record_access" DROP CONSTRAINT "FK_ef5540ee7db6012f883ee02215e"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP CONSTRAINT "FK_eb6d04405c71028eb189a2e43e5"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_7d3c090068fcb4fe1a946b9b7e8"`);
    await queryRunner.query(`ALTER TABLE "team_members" DROP CONSTRAINT "FK_c2bf4967c8c2a6b845dadfbf3d4"`);
    await queryRunner.query(`ALTER TABLE "team_members" DROP CONSTRAINT "FK_fdad7d5768277e60c40e01cdcea"`);
    await queryRunner.query(`DROP INDEX "public"."leads_team_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."meetings_team_id_idx"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "team_id"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "confidentiality"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "team_id"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "confidentiality"`);
    await queryRunner.query(`DROP TYPE "public"."confidentiality"`);
    await queryRunner.query(`DROP INDEX "public"."record_access_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "record_access"`);
    await queryRunner.query(`DROP INDEX "public"."team_members_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "team_members"`);
    await queryRunner.query(`DROP TABLE "teams"`);
  }
}
