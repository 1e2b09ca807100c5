import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * liaison_fold, the one normalisation of names and text (issue 14: sorting,
 * name filters, search, duplicate detection and import matching all call
 * it), learns German transliteration and punctuation inside names. Written
 * by hand.
 *
 * - German transliteration is undone: ae oe ue (not after a vowel, so
 *   "Bauer" keeps its e, nor after q: "Queck") fold as ä ö ü do, to a o u, so "Müller",
 *   "Mueller" and "Muller" are one ("muller"), and "altere" still finds
 *   "Ältere". Sorting stays dictionary order (DIN 5007-1: ä as a). Accents
 *   go as before ("Città" -> "citta", "Ćirić" -> "ciric"); ß becomes ss.
 * - Apostrophes and dots join ("D'Amico" -> "damico", "S.p.A." -> "spa").
 * - Any other punctuation, and runs of white space, become one space
 *   ("Queck-Hänel" -> "queck hanel", "Zwickau, Stadtverwaltung" ->
 *   "zwickau stadtverwaltung"); the ends are trimmed. That also turns LIKE's
 *   metacharacters (% _ \) into spaces.
 * The characters are listed rather than taken from a locale's classes, so
 * the result is the same on every database whatever its LC_CTYPE.
 *
 * Every expression index over the function is rebuilt, and the pipeline
 * facts, which keep their organisations' regions folded, are refreshed.
 * `down` restores the first body the same way.
 */
export class FoldTransliteration1795740000000 implements MigrationInterface {
  name = 'FoldTransliteration1795740000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION public.liaison_fold(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT btrim(regexp_replace(regexp_replace(regexp_replace(
         lower(public.unaccent('public.unaccent'::regdictionary, normalize($1, NFC))),
         '[''’‘\`´ʼ.]+', '', 'g'),
         '[[:space:]\\u00a0_/\\\\,;:!?()\\[\\]{}"«»„“”‚‹›&+*#|~<>=@%^$–—‐‑‒―-]+', ' ', 'g'),
         '(^|[^aeiouq])([aou])e', '\\1\\2', 'g')) $$`,
    );
    await rebuildFolded(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION public.liaison_fold(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`,
    );
    await rebuildFolded(queryRunner);
  }
}

/** Rebuilds what holds liaison_fold's results: the expression indexes over it, and the pipeline facts' folded regions. */
async function rebuildFolded(queryRunner: QueryRunner): Promise<void> {
  const indexes: { name: string }[] = await queryRunner.query(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND pg_get_indexdef(i.indexrelid) LIKE '%liaison_fold(%' ORDER BY c.relname`,
  );
  for (const { name } of indexes) await queryRunner.query(`REINDEX INDEX "public"."${name}"`);
  // The refresh rewrites each lead's facts with the regions folded anew; the ledgers' -1/+1 rows cancel, and the compaction folds them.
  await queryRunner.query(`SELECT liaison_refresh_pipeline_facts(NULL)`);
  await queryRunner.query(`SELECT liaison_compact_tallies()`);
}
