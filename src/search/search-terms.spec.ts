import { allowedEdits, contactKeysOf, editDistance, isTypoOf, termMatches } from './search-terms';

describe('search terms', () => {
  it('allows no typo below 5 letters, one from 5, two from 9', () => {
    expect([1, 4, 5, 8, 9, 20].map((length) => allowedEdits('x'.repeat(length)))).toEqual([0, 0, 1, 1, 2, 2]);
    // letters, not UTF-16 units
    expect(allowedEdits('αβγδ')).toBe(0);
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('modnea', 'modena', 2)).toBe(1);
    expect(editDistance('bremo', 'brembo', 2)).toBe(1);
    expect(editDistance('lamborgini', 'lamborghini', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('abc', 'abc', 0)).toBe(0);
    // stops past max
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
  });

  it('takes typos within the allowance and never on the first letter', () => {
    expect(isTypoOf('bremo', 'brembo')).toBe(true);
    expect(isTypoOf('modnea', 'modena')).toBe(true);
    expect(isTypoOf('rbembo', 'brembo')).toBe(false); // swap of the first two letters
    expect(isTypoOf('prembo', 'brembo')).toBe(false); // first letter wrong
    expect(isTypoOf('brem', 'brembo')).toBe(false); // 4 letters: none allowed
    expect(isTypoOf('bremboo', 'brembo')).toBe(true);
    expect(isTypoOf('bermbo', 'brembo')).toBe(true);
    expect(isTypoOf('brmebo', 'brembo')).toBe(true);
    expect(isTypoOf('bemob', 'brembo')).toBe(false); // two edits in a 5-letter word
    expect(isTypoOf('lamborgni', 'lamborghini')).toBe(true); // two edits in 9 letters
    expect(isTypoOf('lamborgn', 'lamborghini')).toBe(false); // three
    expect(isTypoOf('brembo', 'brembo')).toBe(false); // the word itself is a whole-word match, not a typo
  });

  it('reads email addresses, mail domains and phone numbers in any format', () => {
    expect(contactKeysOf(' Giulia.Rossi@Brembo.IT ')).toEqual({ email: 'giulia.rossi@brembo.it', domain: null, phones: [] });
    expect(contactKeysOf('brembo.it')).toEqual({ email: null, domain: 'brembo.it', phones: [] });
    expect(contactKeysOf('@brembo.it').domain).toBe('brembo.it');
    expect(contactKeysOf('brembo').domain).toBeNull();
    expect(contactKeysOf('+39 035 605 2111').phones).toEqual(['+390356052111']);
    expect(contactKeysOf('0039 035 6052111').phones).toContain('+390356052111');
    expect(contactKeysOf('035 6052111').phones).toContain('+390356052111');
    expect(contactKeysOf('(0351) 123-4567').phones).toContain('+493511234567');
    expect(contactKeysOf('12345').phones).toEqual([]);
    expect(contactKeysOf('Brembo 2024').phones).toEqual([]);
  });

  it('matches a folded word whole, as a prefix where allowed, or as one of its typos', () => {
    const term = { word: 'brem', prefix: true, typos: ['brom'] };
    expect(['brem', 'brembo', 'brom', 'bre', 'abrem'].map((word) => termMatches(term, word))).toEqual([true, true, true, false, false]);
    expect(termMatches({ word: 'b', prefix: false, typos: [] }, 'brembo')).toBe(false);
  });
});
