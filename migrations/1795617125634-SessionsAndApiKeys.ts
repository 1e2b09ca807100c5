import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions with rotating refresh tokens, API keys for integrations, and
 * disabling users. Written by hand (constraint and index names are spelled
 * out in the entities, so the schema diff finds nothing to do).
 */
export class SessionsAndApiKeys1795617125634 implements MigrationInterface {
  name = 'SessionsAndApiKeys1795617125634';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "disabled_at" TIMESTAMP(3) WITH TIME ZONE`);

    await queryRunner.query(`CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "refresh_token_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_reason" character varying(30), CONSTRAINT "sessions_pkey" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "sessions_user_id_idx" ON "sessions" ("user_id")`);
    await queryRunner.query(`ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    await queryRunner.query(`CREATE TYPE "public"."api_key_role" AS ENUM('READ_ONLY', 'READ_WRITE')`);
    await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "role" "public"."api_key_role" NOT NULL, "prefix" character varying(8) NOT NULL, "secret_hash" character varying(64) NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP(3) WITH TIME ZONE, "last_used_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys" ("prefix")`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // The audit trail (liaison_audit, installed by the AuditTrail migration
    // before this one) records creating, renaming, expiring and revoking keys,
    // and logins and their revocation under the user's id; not last_used_at
    // or the refresh-token swap, which change every few minutes in use.
    await queryRunner.query(
      `CREATE TRIGGER "api_keys_audit" AFTER INSERT OR DELETE OR UPDATE OF "name", "role", "expires_at", "revoked_at"
       ON "api_keys" FOR EACH ROW EXECUTE FUNCTION liaison_audit('id', 'secret_hash')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "sessions_audit" AFTER INSERT OR DELETE OR UPDATE OF "revoked_at"
       ON "sessions" FOR EACH ROW EXECUTE FUNCTION liaison_audit('user_id', 'refresh_token_hash')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "sessions_audit" ON "sessions"`);
    await queryRunner.query(`DROP TRIGGER "api_keys_audit" ON "api_keys"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_created_by_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."api_keys_prefix_key"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP TYPE "public"."api_key_role"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "sessions_user_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."sessions_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "disabled_at"`);
  }
}
