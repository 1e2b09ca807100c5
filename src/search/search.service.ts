import { Injectable } from '@nestjs/common';
import { currentViewer } from '../access/access-policy';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Connection, decodeCursor, encodeCursor } from '../common/graphql/connection';
import { SearchArgs } from './dto/search.args';
import { SearchCursor, SearchHitRow, SearchPlan, SearchRepository } from './search.repository';
import { allowedEdits, contactKeysOf, isTypoOf, MAX_QUERY_WORDS, MIN_PREFIX_LENGTH, SearchTerm, termMatches } from './search-terms';
import { markSearchRecord, SearchHighlight, SearchHit, TextRange } from './search.model';
import { SearchType } from './search-type.enum';

const ALL_TYPES = Object.values(SearchType);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A longer text is shown as a fragment of about this many characters around its first match. */
const FRAGMENT_LENGTH = 160;
const FRAGMENT_LEAD = 50;

/** The fields of each kind of record whose text the search matched, for highlighting. */
const TEXT_FIELDS: Record<SearchType, (record: any) => [field: string, text: string | null | undefined][]> = {
  [SearchType.ORGANISATION]: (o) => [['name', o.name], ['legalName', o.legalName], ['description', o.description]],
  [SearchType.PERSON]: (p) => [['name', `${p.givenName} ${p.familyName}`], ['background', p.background]],
  [SearchType.TRIP]: (t) => [['name', t.name], ['objectives', t.objectives]],
  [SearchType.MEETING]: (m) => [['title', m.title], ['outcomeSummary', m.outcomeSummary]],
  [SearchType.LEAD]: (l) => [['title', l.title], ['description', l.description]],
  [SearchType.NOTE]: (n) => [['body', n.body]],
};

/**
 * Search across organisations, people, trips, meetings, leads and notes
 * (issue 14). The rules: a record matches when every word of the query
 * matches one of its words, folded (liaison_fold), whole, as a prefix or
 * with the typos isTypoOf allows; people also by email address, mail
 * domain, phone number and the organisations they work at. Ranked by
 * score, then by last activity. Confidential leads and meetings (and the
 * notes on them) the caller may not see are left out before anything is
 * counted or ranked, and never lend their activity to another hit.
 */
@Injectable()
export class SearchService {
  constructor(private readonly repository: SearchRepository) {}

  async search(args: SearchArgs): Promise<Connection<SearchHit>> {
    const viewer = currentViewer();
    // Only a signed-in user or an API key searches; the resolver's guard already turns others away.
    if (viewer.kind === 'ANONYMOUS') throw LiaisonException.unauthenticated();
    const after = args.after === undefined ? undefined : parseCursor(args.after);
    const plan = await this.plan(args);
    const rows = await this.repository.findHits(plan, viewer, args.first + 1, after);
    const page = rows.slice(0, args.first);
    const hits = await this.toHits(page, plan);
    const cursors = hits.map((hit) => {
      const row = page.find((candidate) => candidate.type === hit.type && candidate.id === hit.id)!;
      return encodeCursor([row.score, row.activity, row.type, row.id] satisfies SearchCursor);
    });
    let count: Promise<number> | undefined;
    const totalCount = () => (count ??= this.repository.countHits(plan, viewer));
    return {
      edges: hits.map((node, index) => ({ node, cursor: cursors[index] })),
      pageInfo: {
        hasNextPage: rows.length > args.first,
        hasPreviousPage: args.after !== undefined,
        startCursor: cursors[0] ?? null,
        endCursor: cursors[cursors.length - 1] ?? null,
      },
      get totalCount() {
        return totalCount();
      },
    };
  }

  /** The query read into folded words with their prefixes and typos, and contact keys. */
  private async plan(args: SearchArgs): Promise<SearchPlan> {
    const contacts = contactKeysOf(args.query);
    const { words, folded } = await this.repository.foldQuery(args.query);
    if (words.length > MAX_QUERY_WORDS) throw LiaisonException.badInput('query', `query must have at most ${MAX_QUERY_WORDS} words`);
    if (!words.length && !contacts.email && !contacts.domain && !contacts.phones.length) {
      throw LiaisonException.badInput('query', 'query must contain a letter or a digit');
    }
    const candidates = await this.repository.typoCandidates(words.map((word) => ({ word, edits: allowedEdits(word) })));
    const terms: SearchTerm[] = words.map((word) => ({
      word,
      prefix: [...word].length >= MIN_PREFIX_LENGTH,
      typos: (candidates.get(word) ?? []).filter((candidate) => isTypoOf(word, candidate)),
    }));
    return { terms, foldedQuery: folded, contacts, types: args.types ? [...new Set(args.types)] : ALL_TYPES };
  }

  /** The records behind the rows (read through each table's own visibility), with highlights. */
  private async toHits(rows: SearchHitRow[], plan: SearchPlan): Promise<SearchHit[]> {
    const records = new Map<string, any>();
    for (const type of ALL_TYPES) {
      const ids = rows.filter((row) => row.type === type).map((row) => row.id);
      if (!ids.length) continue;
      for (const record of await this.repository.findRecords(type, ids)) records.set(`${type}:${record.id}`, markSearchRecord(record, type));
    }
    const personIds = rows.filter((row) => row.type === SearchType.PERSON).map((row) => row.id);
    const organisationsOf = new Map<string, string[]>();
    for (const { personId, name, legalName } of await this.repository.currentOrganisationNames(personIds)) {
      organisationsOf.set(personId, [...(organisationsOf.get(personId) ?? []), name, ...(legalName ? [legalName] : [])]);
    }

    const texts = new Map<string, [field: string, text: string][]>();
    for (const row of rows) {
      const record = records.get(`${row.type}:${row.id}`);
      if (!record) continue;
      const fields = TEXT_FIELDS[row.type](record).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '');
      if (row.type === SearchType.PERSON) fields.push(...(organisationsOf.get(row.id) ?? []).map((name): [string, string] => ['organisation', name]));
      texts.set(`${row.type}:${row.id}`, fields);
    }
    const tokens = new Set<string>();
    for (const fields of texts.values()) for (const [, text] of fields) for (const token of text.match(/\S+/g) ?? []) tokens.add(token);
    const folded = await this.repository.foldEach([...tokens]);

    return rows.flatMap((row) => {
      const record = records.get(`${row.type}:${row.id}`);
      if (!record) return [];
      const highlights = (texts.get(`${row.type}:${row.id}`) ?? [])
        .map(([field, text]) => highlight(field, text, plan.terms, folded))
        .filter((found): found is SearchHighlight => found !== null);
      if (row.type === SearchType.PERSON) highlights.push(...contactHighlights(record, plan));
      return [{ type: row.type, id: row.id, score: row.score / 1000, record, highlights }];
    });
  }
}

function parseCursor(cursor: string): SearchCursor {
  const [score, activity, type, id] = decodeCursor(cursor, 4);
  if (
    !Number.isInteger(score) ||
    !Number.isInteger(activity) ||
    !ALL_TYPES.includes(type as SearchType) ||
    typeof id !== 'string' ||
    !UUID.test(id)
  ) {
    throw LiaisonException.badInput('after', 'after is not a valid cursor');
  }
  return [score as number, activity as number, type as SearchType, id];
}

/** The words of `text` that match a term (each word folded by the database), marked; null when none does. */
function highlight(field: string, text: string, terms: SearchTerm[], folded: Map<string, string>): SearchHighlight | null {
  const matches: TextRange[] = [];
  for (const token of text.matchAll(/\S+/g)) {
    const words = (folded.get(token[0]) ?? '').split(' ');
    if (!words.some((word) => word && terms.some((term) => termMatches(term, word)))) continue;
    // The mark leaves out punctuation around the word ("Brembo," marks "Brembo").
    const lead = /^[\p{P}\p{S}]*/u.exec(token[0])![0].length;
    const trail = /[\p{P}\p{S}]*$/u.exec(token[0])![0].length;
    const inner = token[0].length - lead - trail;
    matches.push(inner > 0 ? { start: token.index + lead, length: inner } : { start: token.index, length: token[0].length });
  }
  if (!matches.length) return null;
  return { field, ...fragmentAround(text, matches) };
}

/** The text, or for a long one a window starting a little before the first match, with the ranges moved into it. */
function fragmentAround(text: string, matches: TextRange[]): { fragment: string; matches: TextRange[] } {
  if (text.length <= FRAGMENT_LENGTH) return { fragment: text, matches };
  let start = Math.max(0, matches[0].start - FRAGMENT_LEAD);
  // Start at a word, not inside one.
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (start > matches[0].start) start = matches[0].start;
  const end = Math.min(text.length, start + FRAGMENT_LENGTH);
  const before = start > 0 ? '…' : '';
  const after = end < text.length ? '…' : '';
  return {
    fragment: `${before}${text.slice(start, end)}${after}`,
    matches: matches
      .filter((range) => range.start >= start && range.start + range.length <= end)
      .map((range) => ({ start: range.start - start + before.length, length: range.length })),
  };
}

/** The email addresses and phone numbers of a person that the query named. */
function contactHighlights(person: { emails: { address: string }[]; phones: { number: string }[] }, plan: SearchPlan): SearchHighlight[] {
  const { email, domain, phones } = plan.contacts;
  const found: SearchHighlight[] = [];
  for (const { address } of person.emails ?? []) {
    if (address === email || (domain && address.endsWith(`@${domain}`))) {
      const start = email ? 0 : address.length - domain!.length;
      found.push({ field: 'email', fragment: address, matches: [{ start, length: address.length - start }] });
    }
  }
  for (const { number } of person.phones ?? []) {
    if (phones.includes(number)) found.push({ field: 'phone', fragment: number, matches: [{ start: 0, length: number.length }] });
  }
  return found;
}
