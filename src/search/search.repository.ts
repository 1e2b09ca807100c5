import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordRefVisible, Viewer, visibleSql } from '../access/access-policy';
import { Db, Table } from '../database/table';
import { SqlParams } from '../database/sql';
import { leadsTable } from '../leads/leads.repository';
import { meetingsTable } from '../meetings/meetings.repository';
import { notesTable } from '../notes/notes.repository';
import { organisationsTable } from '../organisations/organisations.repository';
import { peopleTable } from '../people/people.repository';
import { tripsTable } from '../trips/trips.repository';
import { ContactKeys, SearchTerm } from './search-terms';
import { SearchType } from './search-type.enum';

/** What a search looks for: the folded words with their prefixes and typos, and the contact keys. */
export interface SearchPlan {
  terms: SearchTerm[];
  /** The whole query folded: a record whose name folds to it is an exact name hit. */
  foldedQuery: string;
  contacts: ContactKeys;
  types: SearchType[];
}

export interface SearchHitRow {
  type: SearchType;
  id: string;
  /** Points: 1000 a word matched whole in the name, averaged over the words; 1000 more for the whole name. */
  score: number;
  /** The record's last activity in ms since 1970, 0 for none: breaks ties of the score. */
  activity: number;
}

/** Where a hit's page stops: the sort key of its last row. */
export type SearchCursor = [score: number, activity: number, type: SearchType, id: string];

/**
 * Each table's search document, exactly as migration 1795741000000 indexed
 * it (an expression index is used only for the very same expression).
 */
const DOCUMENT = {
  organisations: (a: string) => `liaison_search_document(${a}.name || ' ' || COALESCE(${a}.legal_name, ''), ${a}.description)`,
  people: (a: string) => `liaison_search_document(${a}.given_name || ' ' || ${a}.family_name, ${a}.background)`,
  trips: (a: string) => `liaison_search_document(${a}.name, ${a}.objectives)`,
  meetings: (a: string) => `liaison_search_document(${a}.title, ${a}.outcome_summary)`,
  leads: (a: string) => `liaison_search_document(${a}.title, ${a}.description)`,
  notes: (a: string) => `liaison_search_document(NULL, ${a}.body)`,
};

/** Points of a word's best match: name before body, then whole word, prefix, typo. */
const POINTS = { A: { exact: 1000, prefix: 900, typo: 800 }, B: { exact: 500, prefix: 450, typo: 400 } } as const;
const EXACT_NAME_POINTS = 1000;
/** A whole email address or phone number names one person: above any name hit. */
const IDENTIFIER_POINTS = 2000;

const CURRENT_AFFILIATION = `af.archived_at IS NULL AND (af.end_date IS NULL OR af.end_date > current_date)`;

function lexeme(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** tsquery text for one term: whole word, prefix, typos, each restricted to `weight` ('' for any). */
function termQueries(term: SearchTerm, weight: 'A' | 'B' | '') {
  const exact = `${lexeme(term.word)}${weight ? `:${weight}` : ''}`;
  return {
    exact,
    prefix: term.prefix ? `${lexeme(term.word)}:*${weight}` : exact,
    typo: term.typos.length ? term.typos.map((typo) => `${lexeme(typo)}${weight ? `:${weight}` : ''}`).join(' | ') : null,
  };
}

/** A record matches when every term matches one of its words, in its name or its body. */
function matchQuery(terms: SearchTerm[], weight: 'A' | ''): string {
  return terms
    .map((term) => {
      const q = termQueries(term, weight);
      return `(${[q.prefix, q.typo].filter(Boolean).join(' | ')})`;
    })
    .join(' & ');
}

/** SQL of the search: one statement unions the hits of the asked types; records are read through their tables. */
@Injectable()
export class SearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The query's words as liaison_fold and text search split them, and the whole query folded. */
  async foldQuery(query: string): Promise<{ words: string[]; folded: string }> {
    const [row] = await this.dataSource.query(
      `SELECT liaison_fold($1) AS folded,
              tsvector_to_array(to_tsvector('simple'::regconfig, liaison_fold($1))) AS words`,
      [query],
    );
    return { words: row.words ?? [], folded: row.folded ?? '' };
  }

  /**
   * Words of the database that may be typos of each word: same first
   * letter, length within `edits`, Levenshtein distance within twice
   * `edits` (a swap costs Levenshtein two). The exact rule is applied by
   * the caller (isTypoOf).
   */
  async typoCandidates(words: { word: string; edits: number }[]): Promise<Map<string, string[]>> {
    const wanted = words.filter(({ edits }) => edits > 0);
    const found = new Map<string, string[]>(words.map(({ word }) => [word, []]));
    if (!wanted.length) return found;
    const rows: { word: string; candidate: string }[] = await this.dataSource.query(
      `SELECT q.word, sw.word AS candidate
         FROM unnest($1::text[], $2::int[]) q(word, edits)
         JOIN search_words sw
           ON sw.word >= left(q.word, 1) COLLATE "C" AND sw.word < chr(ascii(q.word) + 1) COLLATE "C"
          AND length(sw.word) BETWEEN length(q.word) - q.edits AND length(q.word) + q.edits
          AND sw.word <> q.word
          AND levenshtein_less_equal(sw.word, q.word, 2 * q.edits) <= 2 * q.edits
        ORDER BY q.word, sw.word`,
      [wanted.map(({ word }) => word), wanted.map(({ edits }) => edits)],
    );
    for (const { word, candidate } of rows) found.get(word)!.push(candidate);
    return found;
  }

  /**
   * One page of hits, best first, after `after`. The last activity of an
   * organisation or person (its latest meeting the viewer may see) costs a
   * lookup each, so it is looked up only for the hits that can still make
   * the page: those tied with the cursor's score, and those whose score is
   * at least the `first`-th best below it.
   */
  async findHits(plan: SearchPlan, viewer: Viewer, first: number, after?: SearchCursor): Promise<SearchHitRow[]> {
    const params = new SqlParams();
    const scored = this.hitsSql(plan, viewer, params, 'scored');
    const below = params.add(after ? after[0] : 2 ** 31 - 1);
    const lastMeeting = (join: string, key: string) =>
      `(SELECT floor(extract(epoch FROM max(vm.starts_at)) * 1000)::bigint FROM ${join} j JOIN meetings vm ON vm.id = j.meeting_id
         WHERE j.${key} = s.id AND vm.archived_at IS NULL AND ${visibleSql('MEETING', 'vm', viewer)})`;
    const keyset = after
      ? `WHERE (-h.score, -h.activity, h.type, h.id) > (${params.add(-after[0])}::int, ${params.add(-after[1])}::bigint, ${params.add(after[2])}::text, ${params.add(after[3])}::uuid)`
      : '';
    const limit = params.add(first);
    const rows: { type: SearchType; id: string; score: number; activity: string }[] = await this.dataSource.query(
      `WITH scored AS MATERIALIZED (${scored}),
       cut AS (SELECT s.score FROM scored s WHERE s.score < ${below}::int ORDER BY s.score DESC OFFSET ${limit}::int - 1 LIMIT 1),
       hits AS (
         SELECT s.type, s.id, s.score,
                COALESCE(CASE s.type WHEN 'ORGANISATION' THEN ${lastMeeting('meeting_organisations', 'organisation_id')}
                                     WHEN 'PERSON' THEN ${lastMeeting('meeting_participants', 'person_id')}
                                     ELSE s.own END, 0) AS activity
           FROM scored s
          WHERE s.score <= ${below}::int AND s.score >= COALESCE((SELECT c.score FROM cut c), -1)
       )
       SELECT h.type, h.id, h.score, h.activity FROM hits h ${keyset}
        ORDER BY h.score DESC, h.activity DESC, h.type, h.id
        LIMIT ${limit}`,
      params.values,
    );
    return rows.map((row) => ({ ...row, score: Number(row.score), activity: Number(row.activity) }));
  }

  /** How many hits there are: the same conditions as findHits, without scoring. */
  async countHits(plan: SearchPlan, viewer: Viewer): Promise<number> {
    const params = new SqlParams();
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM (${this.hitsSql(plan, viewer, params, 'counted')}) h`, params.values);
    return row.n;
  }

  /** The hit records of one type, through the table's own visibility. */
  findRecords(type: SearchType, ids: string[], db: Db = this.dataSource.manager): Promise<{ id: string }[]> {
    return RECORD_TABLES[type].findByIds(db, ids);
  }

  /** The names of the organisations each person works at now (where a person found through them matched). */
  async currentOrganisationNames(personIds: string[]): Promise<{ personId: string; name: string; legalName: string | null }[]> {
    if (!personIds.length) return [];
    return this.dataSource.query(
      `SELECT af.person_id AS "personId", o.name, o.legal_name AS "legalName"
         FROM affiliations af JOIN organisations o ON o.id = af.organisation_id AND o.archived_at IS NULL
        WHERE af.person_id = ANY($1::uuid[]) AND ${CURRENT_AFFILIATION}
        ORDER BY af.person_id, af.is_primary DESC, liaison_fold(o.name) COLLATE "C", o.id`,
      [personIds],
    );
  }

  /** Each piece of text folded, for highlighting the words that matched. */
  async foldEach(texts: string[]): Promise<Map<string, string>> {
    if (!texts.length) return new Map();
    const rows: { text: string; folded: string }[] = await this.dataSource.query(
      `SELECT t.text, liaison_fold(t.text) AS folded FROM unnest($1::text[]) t(text)`,
      [texts],
    );
    return new Map(rows.map(({ text, folded }) => [text, folded]));
  }

  /** The statement of every hit the viewer may see: (type, id, score, activity), one row per record. */
  private hitsSql(plan: SearchPlan, viewer: Viewer, params: SqlParams, mode: 'scored' | 'counted'): string {
    const { terms } = plan;
    // Parameters are bound when a part of the statement first uses them: PostgreSQL cannot type an unused one.
    const lazy = (value: unknown) => {
      let placeholder: string | undefined;
      return () => (placeholder ??= params.add(value));
    };
    const anyQueryParam = lazy(matchQuery(terms, ''));
    const nameQueryParam = lazy(matchQuery(terms, 'A'));
    const anyQuery = terms.length ? anyQueryParam : null;
    const nameQuery = terms.length ? nameQueryParam : null;
    const foldedQuery = lazy(plan.foldedQuery);
    const bound = terms.map((term) => {
      const [A, B] = [termQueries(term, 'A'), termQueries(term, 'B')];
      return {
        A: { exact: lazy(A.exact), prefix: lazy(A.prefix), typo: A.typo ? lazy(A.typo) : null },
        B: { exact: lazy(B.exact), prefix: lazy(B.prefix), typo: B.typo ? lazy(B.typo) : null },
      };
    });
    /** Average over the terms of each term's best match in `doc` (name only when `nameOnly`). */
    const wordPoints = (doc: string, nameOnly = false): string => {
      const perTerm = bound.map((term) => {
        const branches: string[] = [];
        for (const weight of nameOnly ? (['A'] as const) : (['A', 'B'] as const)) {
          const q = term[weight];
          branches.push(`WHEN ${doc} @@ ${q.exact()}::tsquery THEN ${POINTS[weight].exact}`);
          branches.push(`WHEN ${doc} @@ ${q.prefix()}::tsquery THEN ${POINTS[weight].prefix}`);
          if (q.typo) branches.push(`WHEN ${doc} @@ ${q.typo()}::tsquery THEN ${POINTS[weight].typo}`);
        }
        return `CASE ${branches.join(' ')} ELSE 0 END`;
      });
      return `((${perTerm.join(' + ')}) / ${terms.length})`;
    };
    const exactName = (...names: string[]) =>
      `(CASE WHEN ${foldedQuery()} IN (${names.map((name) => `liaison_fold(${name})`).join(', ')}) THEN ${EXACT_NAME_POINTS} ELSE 0 END)`;
    const epochMs = (moment: string) => `COALESCE(floor(extract(epoch FROM ${moment}) * 1000)::bigint, 0)`;

    const parts: string[] = [];
    const wants = (type: SearchType) => plan.types.includes(type);
    const counting = mode === 'counted';
    /**
     * One type's part: (type, id, score, own activity) to rank, or just (type, id) to count. Scoring computes
     * each record's document once, in the fenced subquery (OFFSET 0); counting needs only the index's answer.
     */
    const part = (type: SearchType, table: string, alias: string, columns: string, where: string, score: () => string, own: string) =>
      counting
        ? `SELECT '${type}'::text AS type, ${alias}.id FROM ${table} ${alias} WHERE ${where}`
        : `SELECT '${type}'::text AS type, x.id, ${score()} AS score, ${own} AS own
             FROM (SELECT ${alias}.id, ${columns}, ${DOCUMENT[table as keyof typeof DOCUMENT](alias)} AS doc FROM ${table} ${alias} WHERE ${where} OFFSET 0) x`;
    if (wants(SearchType.ORGANISATION) && anyQuery) {
      parts.push(part(SearchType.ORGANISATION, 'organisations', 'o', 'o.name, o.legal_name',
        `o.archived_at IS NULL AND ${DOCUMENT.organisations('o')} @@ ${anyQuery()}::tsquery`,
        () => `${wordPoints('x.doc')} + ${exactName('x.name', 'x.legal_name')}`, 'NULL::bigint'));
    }
    if (wants(SearchType.PERSON)) {
      const sources: string[] = [];
      if (anyQuery && nameQuery) {
        sources.push(counting
          ? `SELECT p.id FROM people p WHERE p.archived_at IS NULL AND ${DOCUMENT.people('p')} @@ ${anyQuery()}::tsquery`
          : `SELECT x.id, ${wordPoints('x.doc')} + ${exactName(`x.given_name || ' ' || x.family_name`, `x.family_name || ' ' || x.given_name`)} AS score
               FROM (SELECT p.id, p.given_name, p.family_name, ${DOCUMENT.people('p')} AS doc FROM people p
                      WHERE p.archived_at IS NULL AND ${DOCUMENT.people('p')} @@ ${anyQuery()}::tsquery OFFSET 0) x`);
        const employers = `FROM organisations o WHERE o.archived_at IS NULL AND ${DOCUMENT.organisations('o')} @@ ${nameQuery()}::tsquery`;
        const staff = `JOIN affiliations af ON af.organisation_id = x.id AND ${CURRENT_AFFILIATION} JOIN people p ON p.id = af.person_id AND p.archived_at IS NULL`;
        sources.push(counting
          ? `SELECT af.person_id AS id FROM (SELECT o.id ${employers}) x ${staff}`
          : `SELECT af.person_id AS id, (${wordPoints('x.doc', true)} + ${exactName('x.name', 'x.legal_name')}) / 2 AS score
               FROM (SELECT o.id, o.name, o.legal_name, ${DOCUMENT.organisations('o')} AS doc ${employers} OFFSET 0) x ${staff}`);
      }
      const { email, domain, phones } = plan.contacts;
      const identifiers: [condition: string, points: number][] = [
        ...(email ? [[`p.emails @> jsonb_build_array(jsonb_build_object('address', ${params.add(email)}::text))`, IDENTIFIER_POINTS] as [string, number]] : []),
        ...phones.map((phone): [string, number] => [`p.phones @> jsonb_build_array(jsonb_build_object('number', ${params.add(phone)}::text))`, IDENTIFIER_POINTS]),
        ...(domain ? [[`liaison_email_domains(p.emails) @> ARRAY[${params.add(domain)}::text]`, POINTS.A.exact] as [string, number]] : []),
      ];
      for (const [condition, points] of identifiers) {
        sources.push(`SELECT p.id${counting ? '' : `, ${points} AS score`} FROM people p WHERE p.archived_at IS NULL AND ${condition}`);
      }
      if (sources.length) {
        parts.push(counting
          ? `SELECT DISTINCT 'PERSON'::text AS type, s.id FROM (${sources.join(' UNION ALL ')}) s`
          : `SELECT 'PERSON'::text AS type, s.id, max(s.score) AS score, NULL::bigint AS own FROM (${sources.join(' UNION ALL ')}) s GROUP BY s.id`);
      }
    }
    if (wants(SearchType.TRIP) && anyQuery) {
      parts.push(part(SearchType.TRIP, 'trips', 'tr', 'tr.name, tr.start_date',
        `tr.archived_at IS NULL AND ${DOCUMENT.trips('tr')} @@ ${anyQuery()}::tsquery`,
        () => `${wordPoints('x.doc')} + ${exactName('x.name')}`, epochMs(`(x.start_date::timestamp AT TIME ZONE 'UTC')`)));
    }
    if (wants(SearchType.MEETING) && anyQuery) {
      parts.push(part(SearchType.MEETING, 'meetings', 'm', 'm.title, m.starts_at',
        `m.archived_at IS NULL AND ${visibleSql('MEETING', 'm', viewer)} AND ${DOCUMENT.meetings('m')} @@ ${anyQuery()}::tsquery`,
        () => `${wordPoints('x.doc')} + ${exactName('x.title')}`, epochMs('x.starts_at')));
    }
    if (wants(SearchType.LEAD) && anyQuery) {
      parts.push(part(SearchType.LEAD, 'leads', 'l', 'l.title, l.updated_at',
        `l.archived_at IS NULL AND ${visibleSql('LEAD', 'l', viewer)} AND ${DOCUMENT.leads('l')} @@ ${anyQuery()}::tsquery`,
        () => `${wordPoints('x.doc')} + ${exactName('x.title')}`, epochMs('x.updated_at')));
    }
    if (wants(SearchType.NOTE) && anyQuery) {
      parts.push(part(SearchType.NOTE, 'notes', 'n', 'n.created_at',
        `n.archived_at IS NULL AND ${recordRefVisible('n.record_type', 'n.record_id', viewer)} AND ${DOCUMENT.notes('n')} @@ ${anyQuery()}::tsquery`,
        () => wordPoints('x.doc'), epochMs('x.created_at')));
    }
    if (!parts.length) {
      return counting ? `SELECT NULL::text AS type, NULL::uuid AS id WHERE false` : `SELECT NULL::text AS type, NULL::uuid AS id, 0 AS score, 0::bigint AS own WHERE false`;
    }
    return parts.join('\nUNION ALL\n');
  }
}

const RECORD_TABLES: Record<SearchType, Table<any>> = {
  [SearchType.ORGANISATION]: organisationsTable,
  [SearchType.PERSON]: peopleTable,
  [SearchType.TRIP]: tripsTable,
  [SearchType.MEETING]: meetingsTable,
  [SearchType.LEAD]: leadsTable,
  [SearchType.NOTE]: notesTable,
};
