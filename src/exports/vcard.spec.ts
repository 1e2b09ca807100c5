import ICAL from 'ical.js';
import { escapeVCardText, foldLine, VCardContact, VCardVersion, writeVCard, writeVCards } from './vcard';

function contact(overrides: Partial<VCardContact> = {}): VCardContact {
  return {
    id: '5a0c6a9e-8a59-4b1e-9a3f-1c2d3e4f5a6b',
    title: 'Ing.',
    givenName: 'Nicolò',
    familyName: "D'Amico",
    organisation: 'Brembo, S.p.A.; Stabilimento Curno',
    department: 'Acquisti\\Einkauf',
    jobTitle: 'Direttore acquisti, Europa',
    emails: [
      { address: 'nicolo.damico@brembo.example', label: 'work', primary: true },
      { address: 'nico@privat.example', label: 'privat', primary: false },
    ],
    phones: [
      { number: '+390351234567', label: 'office', primary: true },
      { number: '+393331234567', label: 'Handy', primary: false },
    ],
    note: 'Kennt Queck-Hänel aus Modena.\nInteressiert an Zulieferern; Termin im Herbst, Città di Bergamo',
    updatedAt: new Date('2024-05-14T12:30:00.000Z'),
    ...overrides,
  };
}

/** The cards of a file as ical.js reads them: property name to its values and parameters. */
function parseCards(text: string): ICAL.Component[] {
  const parsed = ICAL.parse(text);
  // One card parses to one component, several to a list of them.
  const cards = (typeof parsed[0] === 'string' ? [parsed] : parsed) as unknown[];
  return cards.map((card) => new ICAL.Component(card as any[]));
}

const values = (card: ICAL.Component, name: string) => card.getAllProperties(name).map((p) => p.getValues());
const param = (card: ICAL.Component, name: string, parameter: string) => card.getAllProperties(name).map((p) => p.getParameter(parameter));

describe('vCard writer', () => {
  it.each<VCardVersion>(['3.0', '4.0'])('writes a %s card that ical.js reads back field by field', (version) => {
    const [card] = parseCards(writeVCard(contact(), version));
    expect(card.name).toBe('vcard');
    expect(card.getFirstPropertyValue('version')).toBe(version);
    expect(card.getFirstPropertyValue('fn')).toBe("Nicolò D'Amico");
    expect(card.getFirstPropertyValue('n')).toEqual(["D'Amico", 'Nicolò', '', 'Ing.', '']);
    // The comma and semicolon inside the organisation's name do not split it into units.
    expect(card.getFirstPropertyValue('org')).toEqual(['Brembo, S.p.A.; Stabilimento Curno', 'Acquisti\\Einkauf']);
    expect(card.getFirstPropertyValue('title')).toBe('Direttore acquisti, Europa');
    expect(values(card, 'email')).toEqual([['nicolo.damico@brembo.example'], ['nico@privat.example']]);
    expect(card.getFirstPropertyValue('rev')?.toString()).toBe('2024-05-14T12:30:00Z');
    if (version === '4.0') {
      expect(card.getFirstPropertyValue('uid')).toBe('urn:uuid:5a0c6a9e-8a59-4b1e-9a3f-1c2d3e4f5a6b');
      expect(values(card, 'tel')).toEqual([['tel:+390351234567'], ['tel:+393331234567']]);
      expect(param(card, 'tel', 'type')).toEqual(['work', 'cell']);
      expect(param(card, 'tel', 'pref')).toEqual(['1', undefined]);
      expect(param(card, 'email', 'type')).toEqual(['work', 'home']);
      expect(card.getFirstPropertyValue('note')).toBe(contact().note);
    } else {
      expect(card.getFirstPropertyValue('uid')).toBe('5a0c6a9e-8a59-4b1e-9a3f-1c2d3e4f5a6b');
      expect(values(card, 'tel')).toEqual([['+390351234567'], ['+393331234567']]);
      expect(param(card, 'tel', 'type')).toEqual([['WORK', 'PREF'], 'CELL']);
      expect(param(card, 'email', 'type')).toEqual([['INTERNET', 'WORK', 'PREF'], ['INTERNET', 'HOME']]);
      // RFC 2426 escapes a semicolon in every text value; ical.js reads vCard 3.0 text by RFC 6350's rules,
      // which unescape it only inside compound values (N, ORG), so it keeps the backslash here.
      expect(card.getFirstPropertyValue('note')).toBe(contact().note!.replace(';', '\\;'));
    }
  });

  it('marks non-ASCII values CHARSET=UTF-8 in 3.0 (Apple Contacts reads them as Mac Roman otherwise), never in 4.0', () => {
    const three = writeVCard(contact(), '3.0');
    expect(three).toContain('FN;CHARSET=UTF-8:Nicolò D\'Amico\r\n');
    expect(three).toMatch(/\r\nEMAIL;TYPE=INTERNET,WORK,PREF:nicolo/);
    expect(writeVCard(contact(), '4.0')).not.toContain('CHARSET');
    // UTF-8 bytes, not an 8-bit code page: ò is C3 B2.
    expect(Buffer.from(three, 'utf8').includes(Buffer.from([0xc3, 0xb2]))).toBe(true);
  });

  it('escapes backslash, comma, semicolon and line breaks as each version requires', () => {
    expect(escapeVCardText('a\\b,c;d\r\ne\nf\rg', '3.0')).toBe('a\\\\b\\,c\\;d\\ne\\nf\\ng');
    expect(escapeVCardText('a\\b,c;d\ne', '4.0')).toBe('a\\\\b\\,c;d\\ne');
    expect(escapeVCardText('a;b,c', '4.0', true)).toBe('a\\;b\\,c');
    const card = writeVCard(contact({ note: 'x;y' }), '4.0');
    expect(card).toContain('\r\nNOTE:x;y\r\n');
    expect(card).toContain('\r\nORG:Brembo\\, S.p.A.\\; Stabilimento Curno;Acquisti\\\\Einkauf\r\n');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character or an emoji, and ical.js unfolds them', () => {
    const note = `${'Überblick über Zulieferer in Modena, Città metropolitana. '.repeat(4)}😀 Ende`;
    const text = writeVCard(contact({ note }), '4.0');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text).not.toContain('\uFFFD');
    const [card] = parseCards(text);
    expect(card.getFirstPropertyValue('note')).toBe(note);
    const folded = foldLine('X'.repeat(74) + 'ä' + 'Y'.repeat(80));
    expect(folded.split('\r\n ')[0]).toBe('X'.repeat(74));
    expect(folded.split('\r\n ').join('')).toBe('X'.repeat(74) + 'ä' + 'Y'.repeat(80));
  });

  it('leaves out what a person does not have, and writes several cards in one file', () => {
    const bare = contact({ title: null, organisation: null, department: null, jobTitle: null, emails: [], phones: [], note: null });
    const text = writeVCards([contact(), bare, contact({ id: '00000000-0000-4000-8000-000000000001', givenName: 'Giulia', familyName: 'Rossi' })], '3.0');
    const cards = parseCards(text);
    expect(cards.map((card) => card.getFirstPropertyValue('fn'))).toEqual(["Nicolò D'Amico", "Nicolò D'Amico", 'Giulia Rossi']);
    for (const name of ['org', 'title', 'email', 'tel', 'note']) expect(cards[1].getAllProperties(name)).toEqual([]);
    expect(cards[1].getFirstPropertyValue('n')).toEqual(["D'Amico", 'Nicolò', '', '', '']);
    expect(text.endsWith('END:VCARD\r\n')).toBe(true);
    expect(text.split('\r\n').every((line, i, all) => line !== '' || i === all.length - 1)).toBe(true);
  });
});
