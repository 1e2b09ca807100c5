import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit trail written by the database itself: an AFTER trigger on every
 * table records who (set per transaction by AuditActorSubscriber), when, which
 * record, the action and the changed fields before/after, in the same
 * transaction as the change. Writing by hand, not generated: TypeORM knows no
 * triggers, and audit_log has no entity (it is read with SQL only).
 */
export class AuditTrail1795617034793 implements MigrationInterface {
  name = 'AuditTrail1795617034793';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_log" (
      "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      "actor_user_id" uuid,
      "actor_api_key_id" uuid,
      "actor" text,
      "request_id" text,
      "action" text NOT NULL,
      "record_type" text NOT NULL,
      "record_id" text NOT NULL,
      "changes" jsonb NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX "audit_log_record_idx" ON "audit_log" ("record_type", "record_id", "at")`);
    await queryRunner.query(`CREATE INDEX "audit_log_at_idx" ON "audit_log" ("at")`);
    // TG_ARGV[0]: the column that identifies the audited record (a link table
    // records its change under its parent, e.g. meeting_participants under
    // meeting_id); TG_ARGV[1..]: secret columns, recorded only as "changed".
    await queryRunner.query(`CREATE FUNCTION liaison_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_row jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
        new_row jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END;
        secret text[] := TG_ARGV[1:];
        diff jsonb := '{}';
        field text;
        action text := TG_OP;
      BEGIN
        FOR field IN SELECT jsonb_object_keys(COALESCE(new_row, old_row)) LOOP
          CONTINUE WHEN field IN ('version', 'updated_at', 'created_at');
          CONTINUE WHEN TG_OP = 'UPDATE' AND (old_row -> field) IS NOT DISTINCT FROM (new_row -> field);
          IF field = ANY(secret) THEN
            diff := diff || jsonb_build_object(field, jsonb_build_array('[secret]', '[secret]'));
          ELSE
            diff := diff || jsonb_build_object(field, jsonb_build_array(old_row -> field, new_row -> field));
          END IF;
        END LOOP;
        IF TG_OP = 'UPDATE' AND diff = '{}' THEN
          RETURN NULL;
        END IF;
        IF TG_OP = 'UPDATE' AND diff ? 'archived_at' THEN
          action := CASE WHEN new_row ->> 'archived_at' IS NULL THEN 'RESTORE' ELSE 'ARCHIVE' END;
        END IF;
        INSERT INTO audit_log (actor_user_id, actor_api_key_id, actor, request_id, action, record_type, record_id, changes)
        VALUES (
          nullif(current_setting('liaison.actor_user_id', true), '')::uuid,
          nullif(current_setting('liaison.actor_api_key_id', true), '')::uuid,
          nullif(current_setting('liaison.actor', true), ''),
          nullif(current_setting('liaison.request_id', true), ''),
          action, TG_TABLE_NAME, COALESCE(new_row, old_row) ->> TG_ARGV[0], diff
        );
        RETURN NULL;
      END
    $$`);
    for (const [table, idColumn, ...secrets] of AUDITED_TABLES) {
      const args = [idColumn, ...secrets].map((a) => `'${a}'`).join(', ');
      await queryRunner.query(
        `CREATE TRIGGER "${table}_audit" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION liaison_audit(${args})`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of AUDITED_TABLES) await queryRunner.query(`DROP TRIGGER "${table}_audit" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION liaison_audit()`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}

/** [table, column identifying the audited record, ...secret columns] */
const AUDITED_TABLES: string[][] = [
  ['users', 'id', 'password_hash'],
  ['organisations', 'id'],
  ['organisation_memberships', 'id'],
  ['people', 'id'],
  ['affiliations', 'id'],
  ['trips', 'id'],
  ['trip_delegates', 'trip_id'],
  ['meetings', 'id'],
  ['meeting_organisations', 'meeting_id'],
  ['meeting_participants', 'meeting_id'],
  ['leads', 'id'],
  ['lead_organisations', 'lead_id'],
  ['lead_contacts', 'lead_id'],
  ['lead_stage_changes', 'lead_id'],
  ['partnerships', 'id'],
  ['partnership_parties', 'partnership_id'],
  ['tasks', 'id'],
  ['notes', 'id'],
  ['taggings', 'record_id'],
];
