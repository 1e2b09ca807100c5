import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pre-aggregated pipeline figures (issue 5: the whole pipeline, 200k leads,
 * under 200 ms). Written by hand.
 *
 * Every lead not archived is counted ahead in three ledgers, under a
 * `confidential` flag. A viewer who sees everything (the access policy's
 * seesEverything: admins) reads all ledger rows; anyone else reads the
 * INTERNAL rows and adds the CONFIDENTIAL leads they may see, read live
 * through the access policy (visibleSql). So the policy decides, as
 * everywhere, and no figure depends on a second copy of it.
 *
 * - pipeline_tallies: leads and estimated value by (stage, furthest stage
 *   reached, ever LOST, ever ON_HOLD, kind, owner): the figures per stage,
 *   the reached counts and the STAGE, KIND and OWNER groups.
 * - pipeline_key_tallies: leads and value by topic and by country (TOPIC and
 *   COUNTRY groups; a lead counts once per topic or country, under key null
 *   when it has none).
 * - stay_tallies: the stays that enter the median days in stage: finished
 *   ones by stage and whole days of length, running ones (not in WON or
 *   LOST) by stage and the week (UTC) they began. The report finds from these
 *   counts the narrow window of stays that holds the middle one, and reads
 *   only that window (lead_stage_stays' indexes) to get the exact median.
 *
 * Ledgers, not counters: every change inserts signed rows (+1 / -1), so
 * concurrent writers never wait for each other on a shared counter row and
 * cannot deadlock on it; readers sum. A compaction folds the rows into one
 * per key now and then (1 write in 64, skipped when another is running),
 * inside the writing transaction.
 *
 * What a lead contributes is kept in pipeline_lead_facts (one row per lead
 * not archived), rebuilt from the sources per lead like lead_stage_stays, so a
 * change applies exactly the difference and the ledgers cannot drift:
 * liaison_refresh_pipeline_facts(ids) is called by a statement trigger on
 * leads and at the end of the stays and countries refreshes. lead_stage_stays
 * gains `in_tallies` (its lead is not archived) and `confidential`, kept by the same refresh, and a
 * statement trigger turns its inserted and deleted rows into stay_tallies
 * rows. Refreshing a lead locks it (FOR NO KEY UPDATE), the lock a lead's own
 * update takes, so two transactions never rebuild one lead from different
 * snapshots.
 */
export class PipelineTallies1795640000000 implements MigrationInterface {
  name = 'PipelineTallies1795640000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // ---- stays: in_tallies, and refreshed by difference (only changed stays are deleted and inserted)
    await queryRunner.query(`DROP INDEX "lead_stage_stays_current_idx"`);
    await queryRunner.query(`DROP INDEX "lead_stage_stays_dwell_idx"`);
    await queryRunner.query(`ALTER TABLE "lead_stage_stays" DROP COLUMN "visits"`);
    await queryRunner.query(`ALTER TABLE "lead_stage_stays" ADD "in_tallies" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "lead_stage_stays" ADD "confidential" boolean NOT NULL DEFAULT false`);
    // Running stays of a stage by start, finished ones by length: the median's window is a range of each.
    await queryRunner.query(
      `CREATE INDEX "lead_stage_stays_running_idx" ON "lead_stage_stays" ("stage", "entered_at")
       INCLUDE ("lead_id", "in_tallies", "confidential") WHERE "left_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "lead_stage_stays_dwell_idx" ON "lead_stage_stays" ("stage", "dwell")
       INCLUDE ("lead_id", "in_tallies", "confidential") WHERE "left_at" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE FUNCTION liaison_lead_stays_of(lead_ids uuid[])
      RETURNS TABLE (change_id uuid, lead_id uuid, stage lead_stage, entered_at timestamptz, left_at timestamptz,
                     furthest smallint, lost boolean, on_hold boolean, in_tallies boolean, confidential boolean)
      LANGUAGE sql STABLE AS $$
        SELECT sc.id, sc.lead_id, sc.to_stage, sc.changed_at, lead(sc.changed_at) OVER w,
               max(array_position(ARRAY['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING', 'WON']::lead_stage[], sc.to_stage)) OVER so_far,
               bool_or(sc.to_stage = 'LOST') OVER so_far, bool_or(sc.to_stage = 'ON_HOLD') OVER so_far,
               l.archived_at IS NULL, l.confidentiality = 'CONFIDENTIAL'
          FROM lead_stage_changes sc JOIN leads l ON l.id = sc.lead_id
         WHERE sc.lead_id = ANY(lead_ids)
        WINDOW w AS (PARTITION BY sc.lead_id ORDER BY sc.changed_at, sc.id),
               so_far AS (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION liaison_refresh_lead_stays(lead_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN${refreshPrologue('lead_stage_stays')}
        WITH fresh AS MATERIALIZED (SELECT * FROM liaison_lead_stays_of(lead_ids))
        DELETE FROM lead_stage_stays s
         WHERE s.lead_id = ANY(lead_ids)
           AND NOT EXISTS (SELECT 1 FROM fresh f
                            WHERE f.change_id = s.change_id
                              AND (f.lead_id, f.stage, f.entered_at, f.left_at, f.furthest, f.lost, f.on_hold, f.in_tallies, f.confidential)
                                  IS NOT DISTINCT FROM (s.lead_id, s.stage, s.entered_at, s.left_at, s.furthest, s.lost, s.on_hold, s.in_tallies, s.confidential));
        INSERT INTO lead_stage_stays (change_id, lead_id, stage, entered_at, left_at, furthest, lost, on_hold, in_tallies, confidential)
        SELECT * FROM liaison_lead_stays_of(lead_ids)
        ON CONFLICT (change_id) DO NOTHING;
        PERFORM liaison_refresh_pipeline_facts(lead_ids);
      END
    $$`);

    // ---- the ledgers
    await queryRunner.query(`CREATE TABLE "pipeline_tallies" (
      "id" bigserial PRIMARY KEY,
      "confidential" boolean NOT NULL,
      "stage" "public"."lead_stage" NOT NULL,
      "furthest" smallint,
      "lost" boolean,
      "on_hold" boolean,
      "kind" "public"."lead_kind" NOT NULL,
      "owner_id" uuid NOT NULL,
      "leads" integer NOT NULL,
      "value" numeric NOT NULL
    )`);
    await queryRunner.query(`CREATE TABLE "pipeline_key_tallies" (
      "id" bigserial PRIMARY KEY,
      "confidential" boolean NOT NULL,
      "dimension" text NOT NULL CHECK ("dimension" IN ('TOPIC', 'COUNTRY')),
      "key" text,
      "leads" integer NOT NULL,
      "value" numeric NOT NULL
    )`);
    await queryRunner.query(`CREATE TABLE "stay_tallies" (
      "id" bigserial PRIMARY KEY,
      "confidential" boolean NOT NULL,
      "stage" "public"."lead_stage" NOT NULL,
      "running" boolean NOT NULL,
      "bucket" integer NOT NULL,
      "stays" integer NOT NULL
    )`);
    await queryRunner.query(`CREATE TABLE "pipeline_lead_facts" (
      "lead_id" uuid PRIMARY KEY,
      "confidential" boolean NOT NULL,
      "stage" "public"."lead_stage" NOT NULL,
      "furthest" smallint,
      "lost" boolean,
      "on_hold" boolean,
      "kind" "public"."lead_kind" NOT NULL,
      "owner_id" uuid NOT NULL,
      "value" numeric NOT NULL,
      "topics" text[] NOT NULL,
      "countries" text[] NOT NULL,
      "stay_stages" "public"."lead_stage"[] NOT NULL,
      "stay_running" boolean[] NOT NULL,
      "stay_buckets" integer[] NOT NULL
    )`);

    // A stay's bucket in stay_tallies: a finished stay's length in whole days; a running stay's start, in whole
    // weeks since 1970-01-01 (UTC). Weeks keep the running stays of years to a few hundred rows per stage.
    await queryRunner.query(`CREATE FUNCTION liaison_stay_bucket(entered_at timestamptz, left_at timestamptz) RETURNS integer
      LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN left_at IS NULL THEN floor(extract(epoch FROM entered_at) / (7 * 86400))
                    ELSE floor(extract(epoch FROM left_at - entered_at) / 86400) END::integer
    $$`);

    await queryRunner.query(`CREATE FUNCTION liaison_lock_leads(lead_ids uuid[]) RETURNS void LANGUAGE sql AS $$
      SELECT 1 FROM (SELECT id FROM leads WHERE id = ANY(lead_ids) ORDER BY id FOR NO KEY UPDATE) locked
    $$`);

    await queryRunner.query(compactTallies('CREATE', []));

    await queryRunner.query(pipelineFactsOf('CREATE', ''));
    await queryRunner.query(refreshPipelineFacts('CREATE', () => []));

    // Stays in and out of the medians' counts, from what the statement really inserted or deleted.
    const stayRows = (rows: string, sign: string) =>
      `SELECT s.confidential, s.stage, s.left_at IS NULL, liaison_stay_bucket(s.entered_at, s.left_at), ${sign}1 FROM ${rows} s
        WHERE s.in_tallies AND (s.left_at IS NOT NULL OR s.stage NOT IN ('WON', 'LOST'))`;
    const insertStays = (select: string) => `
      INSERT INTO stay_tallies (confidential, stage, running, bucket, stays)
      SELECT confidential, stage, running, bucket, sum(sign) FROM (${select}) d(confidential, stage, running, bucket, sign)
       GROUP BY confidential, stage, running, bucket HAVING sum(sign) <> 0`;
    await queryRunner.query(`CREATE FUNCTION liaison_stay_tallies_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${insertStays(stayRows('new_rows', ''))};
        ELSIF TG_OP = 'DELETE' THEN
          ${insertStays(stayRows('old_rows', '-'))};
        ELSE
          ${insertStays(`${stayRows('new_rows', '')} UNION ALL ${stayRows('old_rows', '-')}`)};
        END IF;
        RETURN NULL;
      END
    $$`);
    await createStatementTriggers(queryRunner, 'lead_stage_stays', 'lead_stage_stays_tallies', 'liaison_stay_tallies_changed');

    // Countries feed the facts too.
    await queryRunner.query(refreshLeadCountries('PERFORM liaison_refresh_pipeline_facts(lead_ids);'));

    // Leads: what they are counted under changed, or whether they are counted at all.
    await queryRunner.query(leadsTalliesChanged('CREATE', []));
    await createStatementTriggers(queryRunner, 'leads', 'leads_tallies', 'liaison_leads_tallies_changed');

    // The confidential leads a report adds to the tallies, found without reading every lead.
    await queryRunner.query(
      `CREATE INDEX "leads_confidential_idx" ON "leads" ("id") WHERE "confidentiality" = 'CONFIDENTIAL' AND "archived_at" IS NULL`,
    );

    await queryRunner.query(`SELECT liaison_refresh_lead_stays(NULL)`);
    await queryRunner.query(`SELECT liaison_compact_tallies()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."leads_confidential_idx"`);
    for (const [event] of TRANSITIONS) {
      await queryRunner.query(`DROP TRIGGER "leads_tallies_${event.toLowerCase()}" ON "leads"`);
      await queryRunner.query(`DROP TRIGGER "lead_stage_stays_tallies_${event.toLowerCase()}" ON "lead_stage_stays"`);
    }
    await queryRunner.query(`DROP FUNCTION liaison_leads_tallies_changed()`);
    await queryRunner.query(`DROP FUNCTION liaison_stay_tallies_changed()`);
    // The refreshes as migration 1795630000000 left them.
    await queryRunner.query(refreshLeadCountries(''));
    await queryRunner.query(`DROP INDEX "public"."lead_stage_stays_running_idx"`);
    await queryRunner.query(`DROP INDEX "public"."lead_stage_stays_dwell_idx"`);
    await queryRunner.query(`ALTER TABLE "lead_stage_stays" DROP COLUMN "in_tallies"`);
    await queryRunner.query(`ALTER TABLE "lead_stage_stays" DROP COLUMN "confidential"`);
    await queryRunner.query(`ALTER TABLE "lead_stage_stays" ADD "visits" smallint[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "lead_stage_stays" ALTER COLUMN "visits" DROP DEFAULT`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION liaison_refresh_lead_stays(lead_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF lead_ids IS NULL THEN
          lead_ids := ARRAY(SELECT id FROM leads);
        END IF;
        DELETE FROM lead_stage_stays WHERE lead_id = ANY(lead_ids);
        INSERT INTO lead_stage_stays (change_id, lead_id, stage, entered_at, left_at, furthest, lost, on_hold, visits)
        SELECT sc.id, sc.lead_id, sc.to_stage, sc.changed_at, lead(sc.changed_at) OVER w,
               max(array_position(ARRAY['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING', 'WON']::lead_stage[], sc.to_stage)) OVER so_far,
               bool_or(sc.to_stage = 'LOST') OVER so_far, bool_or(sc.to_stage = 'ON_HOLD') OVER so_far,
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
    await queryRunner.query(`SELECT liaison_refresh_lead_stays(NULL)`);
    await queryRunner.query(
      `CREATE INDEX "lead_stage_stays_current_idx" ON "lead_stage_stays" ("stage", "entered_at")
       INCLUDE ("lead_id", "furthest", "lost", "on_hold", "visits") WHERE "left_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "lead_stage_stays_dwell_idx" ON "lead_stage_stays" ("stage", "dwell") INCLUDE ("lead_id") WHERE "left_at" IS NOT NULL`,
    );
    await queryRunner.query(`DROP FUNCTION liaison_refresh_pipeline_facts(uuid[])`);
    await queryRunner.query(`DROP FUNCTION liaison_pipeline_facts_of(uuid[])`);
    await queryRunner.query(`DROP FUNCTION liaison_compact_tallies()`);
    await queryRunner.query(`DROP FUNCTION liaison_lock_leads(uuid[])`);
    await queryRunner.query(`DROP FUNCTION liaison_stay_bucket(timestamptz, timestamptz)`);
    await queryRunner.query(`DROP FUNCTION liaison_lead_stays_of(uuid[])`);
    await queryRunner.query(`DROP TABLE "pipeline_lead_facts"`);
    await queryRunner.query(`DROP TABLE "stay_tallies"`);
    await queryRunner.query(`DROP TABLE "pipeline_key_tallies"`);
    await queryRunner.query(`DROP TABLE "pipeline_tallies"`);
  }
}

/**
 * The start of a per-lead refresh of `table`: every lead (and every lead
 * `table` still holds) when lead_ids is null, nothing for no lead, and the
 * leads locked as their own update would.
 */
function refreshPrologue(table: string): string {
  return `
        IF lead_ids IS NULL THEN
          lead_ids := ARRAY(SELECT id FROM leads UNION SELECT lead_id FROM ${table});
        END IF;
        -- Most lead updates (a title, a next step) change nothing here: no statements, no compaction.
        IF cardinality(lead_ids) = 0 THEN
          RETURN;
        END IF;
        PERFORM liaison_lock_leads(lead_ids);`;
}

/** pg_try_advisory_xact_lock key of the compaction (src/database/sql.ts ADVISORY_LOCKS.pipelineTallies). */
const TALLIES_LOCK = 7_301_003;

/** `<prefix>_insert`, `_delete` and `_update`: statement triggers on `table` calling `fn` with the transition tables. */
async function createStatementTriggers(queryRunner: QueryRunner, table: string, prefix: string, fn: string): Promise<void> {
  for (const [event, tables] of TRANSITIONS) {
    await queryRunner.query(
      `CREATE TRIGGER "${prefix}_${event.toLowerCase()}" AFTER ${event} ON "${table}"
       REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    );
  }
}

/** A statement trigger with transition tables handles one event; the tables each event has. */
const TRANSITIONS: [string, string][] = [
  ['INSERT', 'NEW TABLE AS new_rows'],
  ['DELETE', 'OLD TABLE AS old_rows'],
  ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
];

/** liaison_refresh_lead_countries as migration 1795630000000 made it, with `then` run after the rebuild. */
const refreshLeadCountries = (then: string) => `CREATE OR REPLACE FUNCTION liaison_refresh_lead_countries(lead_ids uuid[]) RETURNS void
  LANGUAGE plpgsql AS $$
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
      ${then}
    END
  $$`;

/**
 * liaison_pipeline_facts_of: the pipeline_lead_facts rows of the leads given, as
 * the sources say now; `more` selects the columns later migrations added, in
 * table order, after the ones this migration made, and `moreFrom` joins what
 * they read.
 */
export const pipelineFactsOf = (create: 'CREATE' | 'CREATE OR REPLACE', more: string, moreFrom = '') => `${create} FUNCTION liaison_pipeline_facts_of(lead_ids uuid[])
      RETURNS SETOF pipeline_lead_facts LANGUAGE sql STABLE AS $$
        SELECT l.id, l.confidentiality = 'CONFIDENTIAL', l.stage, st.furthest, st.lost, st.on_hold, l.kind, l.owner_id, COALESCE(l.estimated_value, 0),
               l.topics, COALESCE(lc.countries, '{}'), s.stages, s.running, s.buckets${more}
          FROM leads l
          LEFT JOIN lead_stage_stays st ON st.lead_id = l.id AND st.left_at IS NULL
          LEFT JOIN lead_countries lc ON lc.lead_id = l.id
          -- its stays as stay_tallies counts them, for reports that add a confidential lead live
          CROSS JOIN LATERAL (
            SELECT COALESCE(array_agg(s.stage ORDER BY s.entered_at, s.change_id), '{}') AS stages,
                   COALESCE(array_agg(s.left_at IS NULL ORDER BY s.entered_at, s.change_id), '{}') AS running,
                   COALESCE(array_agg(liaison_stay_bucket(s.entered_at, s.left_at) ORDER BY s.entered_at, s.change_id), '{}') AS buckets
              FROM lead_stage_stays s
             WHERE s.lead_id = l.id AND (s.left_at IS NOT NULL OR s.stage NOT IN ('WON', 'LOST'))
          ) s${moreFrom}
         WHERE l.id = ANY(lead_ids) AND l.archived_at IS NULL
    $$`;

/**
 * The statement trigger function on leads: which changed leads have their
 * stays and facts rebuilt. `more`: further lead columns, added to the facts
 * by later migrations, whose change the facts follow.
 */
export const leadsTalliesChanged = (create: 'CREATE' | 'CREATE OR REPLACE', more: string[]) => {
  const columns = (alias: string) =>
    ['stage', 'kind', 'owner_id', 'estimated_value', 'topics', 'confidentiality', ...more].map((c) => `${alias}.${c}`).join(', ');
  return `${create} FUNCTION liaison_leads_tallies_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM liaison_refresh_pipeline_facts(ARRAY(SELECT id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM liaison_refresh_pipeline_facts(ARRAY(SELECT id FROM old_rows));
        ELSE
          -- In or out of the tallies, or in the confidential part: the stays' flags follow (and, through that refresh, the facts).
          PERFORM liaison_refresh_lead_stays(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (n.confidentiality, n.archived_at IS NULL) IS DISTINCT FROM (o.confidentiality, o.archived_at IS NULL)));
          PERFORM liaison_refresh_pipeline_facts(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (${columns('n')}, n.archived_at IS NULL)
                   IS DISTINCT FROM (${columns('o')}, o.archived_at IS NULL)));
        END IF;
        RETURN NULL;
      END
    $$`;
};

/**
 * A ledger table: the columns a row is counted under, and the columns
 * summed. `nullable`: for a ledger folded by what changed (see
 * compactTallies), the key columns that may be null; the others are matched
 * by an index.
 */
export interface Ledger {
  table: string;
  keys: string[];
  sums: string[];
  nullable?: string[];
}

/** The three ledgers this migration makes. */
export const LEDGERS: Ledger[] = [
  { table: 'pipeline_tallies', keys: ['confidential', 'stage', 'furthest', 'lost', 'on_hold', 'kind', 'owner_id'], sums: ['leads', 'value'] },
  { table: 'pipeline_key_tallies', keys: ['confidential', 'dimension', 'key'], sums: ['leads', 'value'] },
  { table: 'stay_tallies', keys: ['confidential', 'stage', 'running', 'bucket'], sums: ['stays'] },
];

/**
 * liaison_compact_tallies: folds the rows of each ledger (`ledgers`, by
 * default this migration's, and `more`) into one per key, dropping the zero
 * ones. A ledger with `nullable` keys has a `folded` flag: only the keys
 * with rows written since (not folded) are folded, found through the
 * table's indexes; the others are folded whole.
 */
export const compactTallies = (create: 'CREATE' | 'CREATE OR REPLACE', more: Ledger[], ledgers = LEDGERS) => {
  const fold = ({ table, keys, sums, nullable }: Ledger) => {
    const folded = `
        INSERT INTO ${table} (${[...keys, ...sums].join(', ')}${nullable ? ', folded' : ''})
        SELECT ${[...keys, ...sums.map((column) => `sum(${column})`)].join(', ')}${nullable ? ', true' : ''} FROM gone
         GROUP BY ${keys.join(', ')} HAVING ${sums.map((column) => `sum(${column}) <> 0`).join(' OR ')};`;
    if (!nullable) return `
        WITH gone AS (DELETE FROM ${table} RETURNING *)${folded}`;
    const match = keys.map((column) => (nullable.includes(column) ? `t.${column} IS NOT DISTINCT FROM f.${column}` : `t.${column} = f.${column}`));
    return `
        WITH fresh AS MATERIALIZED (SELECT DISTINCT ${keys.join(', ')} FROM ${table} WHERE NOT folded),
        gone AS (DELETE FROM ${table} t USING fresh f WHERE ${match.join(' AND ')} RETURNING t.*)${folded}`;
  };
  return `${create} FUNCTION liaison_compact_tallies() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        -- One compaction at a time; a REPEATABLE READ writer would fail on rows another one folded.
        IF current_setting('transaction_isolation') <> 'read committed' OR NOT pg_try_advisory_xact_lock(${TALLIES_LOCK}) THEN
          RETURN;
        END IF;${[...ledgers, ...more].map(fold).join('')}
      END
    $$`;
};

/**
 * liaison_refresh_pipeline_facts: rebuilds the facts of the leads given and
 * writes the difference into the ledgers. `more(facts, sign)`: further
 * ledgers' rows (later migrations), as data-modifying CTEs (`name AS
 * (INSERT ...)`) over the facts rows `facts`, signed by `sign`.
 */
export const refreshPipelineFacts = (create: 'CREATE' | 'CREATE OR REPLACE', more: (facts: string, sign: string) => string[]) => {
  // A lead's rows in the ledgers, signed: what pipeline_lead_facts rows add (+1) or take away (-1).
  const ledgerRows = (facts: string, sign: string) => `${more(facts, sign).map((cte) => `
      ${cte},`).join('')}
      counted AS (INSERT INTO pipeline_tallies (confidential, stage, furthest, lost, on_hold, kind, owner_id, leads, value)
                  SELECT confidential, stage, furthest, lost, on_hold, kind, owner_id, ${sign} count(*), ${sign} sum(value) FROM ${facts}
                   GROUP BY confidential, stage, furthest, lost, on_hold, kind, owner_id)
      INSERT INTO pipeline_key_tallies (confidential, dimension, key, leads, value)
      SELECT f.confidential, 'TOPIC', t.topic, ${sign} count(*), ${sign} sum(f.value) FROM ${facts} f LEFT JOIN LATERAL unnest(f.topics) t(topic) ON true
       GROUP BY f.confidential, t.topic
      UNION ALL
      SELECT f.confidential, 'COUNTRY', c.country, ${sign} count(*), ${sign} sum(f.value) FROM ${facts} f LEFT JOIN LATERAL unnest(f.countries) c(country) ON true
       GROUP BY f.confidential, c.country`;
  return `${create} FUNCTION liaison_refresh_pipeline_facts(lead_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN${refreshPrologue('pipeline_lead_facts')}
        WITH fresh AS MATERIALIZED (SELECT * FROM liaison_pipeline_facts_of(lead_ids)),
        gone AS (
          DELETE FROM pipeline_lead_facts p
           WHERE p.lead_id = ANY(lead_ids)
             AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.lead_id = p.lead_id AND f IS NOT DISTINCT FROM p)
          RETURNING p.*
        ),${ledgerRows('gone', '-')};
        WITH added AS (
          INSERT INTO pipeline_lead_facts SELECT * FROM liaison_pipeline_facts_of(lead_ids) ON CONFLICT (lead_id) DO NOTHING RETURNING *
        ),${ledgerRows('added', '')};
        IF random() < 1.0 / 64 THEN
          PERFORM liaison_compact_tallies();
        END IF;
      END
    $$`;
};
