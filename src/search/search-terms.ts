import { toE164 } from '../people/phone-numbers';

/**
 * The pure rules of the search (issue 14), kept apart from the SQL so they
 * can be read and tested alone. Folding itself is never done here: every
 * word comes folded from the database (liaison_fold), the one normalisation.
 */

/** A word shorter than this is matched only whole (one letter would match half the database). */
export const MIN_PREFIX_LENGTH = 2;
export const MAX_QUERY_WORDS = 10;
/** Longer words are matched exactly and as prefixes, but not searched for typos (levenshtein stops at 255 letters). */
export const MAX_TYPO_WORD_LENGTH = 60;

/**
 * How many typos a word may carry: one wrong, missing, extra or swapped
 * letter in words of 5 letters or more, two in words of 9 or more.
 */
export function allowedEdits(word: string): 0 | 1 | 2 {
  const length = [...word].length;
  if (length > MAX_TYPO_WORD_LENGTH) return 0;
  if (length >= 9) return 2;
  if (length >= 5) return 1;
  return 0;
}

/**
 * Optimal string alignment distance (Levenshtein plus the swap of two
 * neighbouring letters as one edit), by code points; stops early once
 * every alignment costs more than `max` and answers max + 1.
 */
export function editDistance(a: string, b: string, max: number): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) value = Math.min(value, beforePrevious[j - 2] + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[t.length];
}

/** Whether `candidate` is `word` with at most its allowed typos, none on the first letter. */
export function isTypoOf(word: string, candidate: string): boolean {
  const edits = allowedEdits(word);
  if (edits === 0 || candidate === word) return false;
  if ([...candidate][0] !== [...word][0]) return false;
  return editDistance(word, candidate, edits) <= edits;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN = /^@?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})$/i;
const PHONE = /^[+(]?[\d\s()./-]+$/;

/** Countries a phone number written without its country code is tried in: Saxony's own and its partners'. */
export const PHONE_DEFAULT_COUNTRIES = ['DE', 'IT'] as const;

export interface ContactKeys {
  /** A whole address, lower-cased as addresses are stored. */
  email: string | null;
  /** The part after the @ of the addresses to find ("brembo.it"). */
  domain: string | null;
  /** Every E.164 reading of the query as a phone number. */
  phones: string[];
}

/** What of the query may be an email address, a mail domain or a phone number. */
export function contactKeysOf(query: string): ContactKeys {
  const text = query.trim();
  const email = EMAIL.test(text) ? text.toLowerCase() : null;
  const domain = !email ? (DOMAIN.exec(text)?.[1].toLowerCase() ?? null) : null;
  const phones = new Set<string>();
  if (PHONE.test(text) && (text.match(/\d/g)?.length ?? 0) >= 6) {
    for (const country of [undefined, ...PHONE_DEFAULT_COUNTRIES]) {
      const number = toE164(text, country);
      if (number) phones.add(number);
    }
  }
  return { email, domain, phones: [...phones].sort() };
}

/** One word of the query, folded, with what it may match. */
export interface SearchTerm {
  word: string;
  /** Whether it also matches the words it begins. */
  prefix: boolean;
  /** The words of the database it matches with typos. */
  typos: string[];
}

/** Whether a folded word of a record matches the term: whole, as a prefix, or with typos. */
export function termMatches(term: SearchTerm, word: string): boolean {
  return word === term.word || (term.prefix && word.startsWith(term.word)) || term.typos.includes(word);
}
