import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report speed (issue 5): what pipelineReport and tripReport need so that
 * they do not read the whole stage history, or every organisation link, on
 * each call. Written by hand.
 *
 * Two tables derived in the database, kept up to date by statement triggers
 * in the same transaction as the change, and read by the reports only (with
 * SQL, like audit_log: no entity, so the schema diff leaves them alone):
 *
 * - lead_stage_stays: one row per stage change, the stay it opened: when it
 *   was entered and left (the lead's next change, in changed_at, id order),
 *   its length, and what the lead had reached by then (furthest stage on
 *   the forward path, ever LOST, ever ON_HOLD, stays per stage so far). The
 *   stage a lead was in at any instant is the stay containing it; the
 *   running stay (left_at null) is where the lead is now.
 * - lead_countries: per lead, the countries of its organisations.
 *
 * Both are rebuilt per affected lead from their sources, so a trigger can
 * never make them drift: liaison_refresh_lead_stays(ids) and
 * liaison_refresh_lead_countries(ids), NULL meaning every lead (used below,
 * and by bulk loads that bypass triggers).
 */
export class ReportIndexes1795630000000 implements MigrationInterface {
  name = 'ReportIndexes1795630000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "lead_stage_stays" (
      "change_id" uuid PRIMARY KEY REFERENCES "lead_stage_changes"("id") ON DELETE CASCADE,
      "lead_id" uuid NOT NULL,
      "stage" "public"."lead_stage" NOT NULL,
      "entered_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
      "left_at" TIMESTAMP(3) WITH TIME ZONE,
      "dwell" interval GENERATED ALWAYS AS ("left_at" - "entered_at") STORED,
      "furthest" smallint,
      "lost" boolean NOT NULL,
      "on_hold" boolean NOT NULL,
      "visits" smallint[] NOT NULL
    )`);
    // A lead's stays by time (refresh, and stays of the leads a filter keeps).
    await queryRunner.query(`CREATE INDEX "lead_stage_stays_lead_idx" ON "lead_stage_stays" ("lead_id", "entered_at")`);
    // Every lead's running stay, read whole by the unfiltered pipeline report.
    await queryRunner.query(
      `CREATE INDEX "lead_stage_stays_current_idx" ON "lead_stage_stays" ("stage", "entered_at")
       INCLUDE ("lead_id", "furthest", "lost", "on_hold", "visits") WHERE "left_at" IS NULL`,
    );
    // Finished stays of a stage, shortest first: the median is read off this order.
    await queryRunner.query(
      `CREATE INDEX "lead_stage_stays_dwell_idx" ON "lead_stage_stays" ("stage", "dwell") INCLUDE ("lead_id") WHERE "left_at" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE FUNCTION liaison_refresh_lead_stays(lead_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF lead_ids IS NULL THEN
          lead_ids := ARRAY(SELECT id FROM leads);
        END IF;
        DELETE FROM lead_stage_stays WHERE lead_id = ANY(lead_ids);
        INSERT INTO lead_stage_stays (change_id, lead_id, stage, entered_at, left_at, furthest, lost, on_hold, visits)
        SELECT sc.id, sc.lead_id, sc.to_stage, sc.changed_at, lead(sc.changed_at) OVER w,
               max(array_position(ARRAY['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING', 'WON']::lead_stage[], sc.to_stage)) OVER so_far,
               bool_or(sc.to_stage = 'LOST') OVER so_far, bool_or(sc.to_stage = 'ON_HOLD') OVER so_far,
               -- stays per stage so far, in the order of enum_range(NULL::lead_stage)
               ARRAY[count(*) FILTER (WHERE sc.to_stage = 'NEW') OVER so_far, count(*) FILTER (WHERE sc.to_stage = 'CONTACTED') OVER so_far,
                     count(*) FILTER (WHERE sc.to_stage = 'QUALIFIED') OVER so_far, count(*) FILTER (WHERE sc.to_stage = 'NEGOTIATING') OVER so_far,
                     count(*) FILTER (WHERE sc.to_stage = 'WON') OVER so_far, count(*) FILTER (WHERE sc.to_stage = 'LOST') OVER so_far,
                     count(*) FILTER (WHERE sc.to_stage = 'ON_HOLD') OVER so_far]::smallint[]
          FROM lead_stage_changes sc
         WHERE sc.lead_id = ANY(lead_ids)
        WINDOW w AS (PARTITION BY sc.lead_id ORDER BY sc.changed_at, sc.id),
               so_far AS (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);
      END
    $$`);
    await queryRunner.query(`CREATE FUNCTION liaison_lead_stays_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM liaison_refresh_lead_stays(ARRAY(SELECT DISTINCT lead_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM liaison_refresh_lead_stays(ARRAY(SELECT DISTINCT lead_id FROM old_rows));
        ELSE
          PERFORM liaison_refresh_lead_stays(ARRAY(SELECT lead_id FROM new_rows UNION SELECT lead_id FROM old_rows));
        END IF;
        RETURN NULL;
      END
    $$`);
    for (const [event, tables] of TRANSITIONS) {
      await queryRunner.query(
        `CREATE TRIGGER "lead_stage_changes_stays_${event.toLowerCase()}" AFTER ${event} ON "lead_stage_changes"
         REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION liaison_lead_stays_changed()`,
      );
    }
    await queryRunner.query(`SELECT liaison_refresh_lead_stays(NULL)`);

    await queryRunner.query(`CREATE TABLE "lead_countries" (
      "lead_id" uuid PRIMARY KEY REFERENCES "leads"("id") ON DELETE CASCADE,
      "countries" text[] NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX "lead_countries_countries_idx" ON "lead_countries" USING gin ("countries")`);
    await queryRunner.query(`CREATE FUNCTION liaison_refresh_lead_countries(lead_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF lead_ids IS NULL THEN
          lead_ids := ARRAY(SELECT id FROM leads);
        END IF;
        DELETE FROM lead_countries WHERE lead_id = ANY(lead_ids);
        INSERT INTO lead_countries (lead_id, countries)
        SELECT lo.lead_id, array_agg(DISTINCT o.country::text ORDER BY o.country::text)
          FROM lead_organisations lo JOIN organisations o ON o.id = lo.organisation_id
         WHERE o.country IS NOT NULL AND lo.lead_id = ANY(lead_ids)
         GROUP BY lo.lead_id;
      END
    $$`);
    await queryRunner.query(leadCountriesChanged('CREATE', ['country']));
    for (const [event, tables] of TRANSITIONS) {
      await queryRunner.query(
        `CREATE TRIGGER "lead_organisations_countries_${event.toLowerCase()}" AFTER ${event} ON "lead_organisations"
         REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION liaison_lead_countries_changed()`,
      );
    }
    await queryRunner.query(
      `CREATE TRIGGER "organisations_countries_update" AFTER UPDATE ON "organisations"
       REFERENCING ${TRANSITIONS[2][1]} FOR EACH STATEMENT EXECUTE FUNCTION liaison_lead_countries_changed()`,
    );
    await queryRunner.query(`SELECT liaison_refresh_lead_countries(NULL)`);

    // Indexes on the domain tables, declared on their entities too.
    await queryRunner.query(`CREATE INDEX "leads_created_at_idx" ON "leads" ("created_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."leads_created_at_idx"`);
    await queryRunner.query(`DROP TRIGGER "organisations_countries_update" ON "organisations"`);
    for (const [event] of TRANSITIONS) {
      await queryRunner.query(`DROP TRIGGER "lead_organisations_countries_${event.toLowerCase()}" ON "lead_organisations"`);
      await queryRunner.query(`DROP TRIGGER "lead_stage_changes_stays_${event.toLowerCase()}" ON "lead_stage_changes"`);
    }
    await queryRunner.query(`DROP FUNCTION liaison_lead_countries_changed()`);
    await queryRunner.query(`DROP FUNCTION liaison_refresh_lead_countries(uuid[])`);
    await queryRunner.query(`DROP TABLE "lead_countries"`);
    await queryRunner.query(`DROP FUNCTION liaison_lead_stays_changed()`);
    await queryRunner.query(`DROP FUNCTION liaison_refresh_lead_stays(uuid[])`);
    await queryRunner.query(`DROP TABLE "lead_stage_stays"`);
  }
}

/** A statement trigger with transition tables handles one event; the tables each event has. */
const TRANSITIONS: [string, string][] = [
  ['INSERT', 'NEW TABLE AS new_rows'],
  ['DELETE', 'OLD TABLE AS old_rows'],
  ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
];

/**
 * The statement trigger function on lead_organisations and organisations:
 * which leads have their countries (and what follows them) rebuilt. An
 * organisation counts when one of `columns` changed.
 */
export const leadCountriesChanged = (create: 'CREATE' | 'CREATE OR REPLACE', columns: string[]) => {
  const changed = (alias: string) => columns.map((column) => `${alias}.${column}`).join(', ');
  return `${create} FUNCTION liaison_lead_countries_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'organisations' THEN
          PERFORM liaison_refresh_lead_countries(ARRAY(
            SELECT DISTINCT lo.lead_id FROM new_rows n JOIN old_rows o ON o.id = n.id AND (${changed('o')}) IS DISTINCT FROM (${changed('n')})
              JOIN lead_organisations lo ON lo.organisation_id = n.id));
        ELSIF TG_OP = 'INSERT' THEN
          PERFORM liaison_refresh_lead_countries(ARRAY(SELECT DISTINCT lead_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM liaison_refresh_lead_countries(ARRAY(SELECT DISTINCT lead_id FROM old_rows));
        ELSE
          PERFORM liaison_refresh_lead_countries(ARRAY(SELECT lead_id FROM new_rows UNION SELECT lead_id FROM old_rows));
        END IF;
        RETURN NULL;
      END
    $$`;
};
