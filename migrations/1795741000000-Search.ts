import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search of issue 14: one ranked list across organisations, people,
 * trips, meetings, leads and notes. Written by hand.
 *
 * - liaison_search_document(name, body): a record's words, folded by
 *   liaison_fold and split as text search splits them ('simple': no stop
 *   words, no stemming), the name's weighted A and the body's B, so one GIN
 *   index per table answers exact words and prefixes in either and the
 *   ranking can tell a name hit from a body hit.
 * - search_words: every folded word of 3 letters or more that a searchable
 *   field has held, kept by triggers (a word is never taken out again: one
 *   no record still uses only costs a candidate that matches nothing). The
 *   typo rule (one wrong, missing, extra or swapped letter in words of 5+
 *   letters, two in 9+, never the first) is answered against it: a swap in
 *   a short word can leave one trigram in common, so trigram similarity on
 *   the records cannot promise to find every such typo.
 * - People by email domain (liaison_email_domains) and phone (jsonb
 *   containment), each behind a GIN index.
 * fuzzystrmatch gives levenshtein_less_equal, the cheap first sieve of the
 * typo candidates.
 */
export class Search1795741000000 implements MigrationInterface {
  name = 'Search1795741000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`);
    await queryRunner.query(
      `CREATE FUNCTION public.liaison_search_document(name text, body text) RETURNS tsvector
       LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT setweight(to_tsvector('simple'::regconfig, COALESCE(public.liaison_fold(name), '')), 'A')
                 || setweight(to_tsvector('simple'::regconfig, COALESCE(public.liaison_fold(body), '')), 'B') $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION public.liaison_email_domains(emails jsonb) RETURNS text[]
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT COALESCE(array_agg(DISTINCT lower(split_part(e ->> 'address', '@', 2))), '{}')
               FROM jsonb_array_elements(emails) e WHERE e ->> 'address' LIKE '%@%' $$`,
    );
    for (const [table, document] of Object.entries(DOCUMENTS)) {
      await queryRunner.query(`CREATE INDEX "${table}_search_idx" ON "${table}" USING gin ((${document}))`);
    }
    await queryRunner.query(`CREATE INDEX "people_email_domains_idx" ON "people" USING gin (liaison_email_domains("emails"))`);
    await queryRunner.query(`CREATE INDEX "people_phones_idx" ON "people" USING gin ("phones" jsonb_path_ops)`);

    await queryRunner.query(`CREATE TABLE "search_words" ("word" text COLLATE "C" PRIMARY KEY)`);
    // Sorted, so two writers adding the same new words take them in one order.
    await queryRunner.query(
      `CREATE FUNCTION liaison_collect_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO search_words (word)
         SELECT DISTINCT w.word FROM jsonb_each_text(to_jsonb(NEW)) f(name, value),
                unnest(tsvector_to_array(to_tsvector('simple'::regconfig, liaison_fold(f.value)))) w(word)
          WHERE f.name = ANY(TG_ARGV) AND length(w.word) >= 3
          ORDER BY w.word
         ON CONFLICT DO NOTHING;
         RETURN NULL;
       END $$`,
    );
    for (const [table, columns] of Object.entries(WORD_COLUMNS)) {
      const names = columns.map((column) => `"${column}"`).join(', ');
      const args = columns.map((column) => `'${column}'`).join(', ');
      await queryRunner.query(
        `CREATE TRIGGER "${table}_search_words" AFTER INSERT OR UPDATE OF ${names} ON "${table}"
         FOR EACH ROW EXECUTE FUNCTION liaison_collect_search_words(${args})`,
      );
      await queryRunner.query(
        `INSERT INTO search_words (word)
         SELECT DISTINCT w.word FROM "${table}" r,
                unnest(ARRAY[${columns.map((column) => `r."${column}"::text`).join(', ')}]) f(value),
                unnest(tsvector_to_array(to_tsvector('simple'::regconfig, liaison_fold(f.value)))) w(word)
          WHERE length(w.word) >= 3
         ON CONFLICT DO NOTHING`,
      );
    }
    await queryRunner.query(`ANALYZE "search_words"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of Object.keys(WORD_COLUMNS)) await queryRunner.query(`DROP TRIGGER "${table}_search_words" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION liaison_collect_search_words()`);
    await queryRunner.query(`DROP TABLE "search_words"`);
    await queryRunner.query(`DROP INDEX "public"."people_phones_idx"`);
    await queryRunner.query(`DROP INDEX "public"."people_email_domains_idx"`);
    for (const table of Object.keys(DOCUMENTS)) await queryRunner.query(`DROP INDEX "public"."${table}_search_idx"`);
    await queryRunner.query(`DROP FUNCTION public.liaison_email_domains(jsonb)`);
    await queryRunner.query(`DROP FUNCTION public.liaison_search_document(text, text)`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS fuzzystrmatch`);
  }
}

/** Each table's search document, as the search statement writes it (the index is used only for this very expression). */
const DOCUMENTS: Record<string, string> = {
  organisations: `liaison_search_document("name" || ' ' || COALESCE("legal_name", ''), "description")`,
  people: `liaison_search_document("given_name" || ' ' || "family_name", "background")`,
  trips: `liaison_search_document("name", "objectives")`,
  meetings: `liaison_search_document("title", "outcome_summary")`,
  leads: `liaison_search_document("title", "description")`,
  notes: `liaison_search_document(NULL, "body")`,
};

/** The columns whose words the typo search knows, per table. */
const WORD_COLUMNS: Record<string, string[]> = {
  organisations: ['name', 'legal_name', 'description'],
  people: ['given_name', 'family_name', 'background'],
  trips: ['name', 'objectives'],
  meetings: ['title', 'outcome_summary'],
  leads: ['title', 'description'],
  notes: ['body'],
};
