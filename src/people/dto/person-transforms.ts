import { Transform } from 'class-transformer';

/**
 * Trims, collapses inner whitespace and composes accents (NFC): "Nicolò"
 * typed on a Mac arrives as "o" plus a combining grave, which would neither
 * fold nor compare like the precomposed "ò" already stored.
 */
export const NormaliseName = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFC').trim().replace(/\s+/g, ' ') : value));

/** Trims and lower-cases: email addresses are stored lower-cased so the exact-match jsonb index finds them. */
export const LowerCase = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
