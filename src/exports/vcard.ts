/**
 * vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) writing, by hand: the npm writers
 * checked (vcards-js 2.11, vcf 2.1) leave a `;` in ORG or every value
 * unescaped, and fold by UTF-16 units rather than octets (see the README's
 * dependency notes). What is needed is escaping, folding and a dozen lines.
 */

export type VCardVersion = '3.0' | '4.0';
export const VCARD_VERSIONS: readonly VCardVersion[] = ['3.0', '4.0'];

export interface VCardContact {
  id: string;
  /** Honorific prefix: Dr., Prof., Ing. */
  title: string | null;
  givenName: string;
  familyName: string;
  organisation: string | null;
  department: string | null;
  jobTitle: string | null;
  emails: { address: string; label: string | null; primary: boolean }[];
  /** E.164 numbers. */
  phones: { number: string; label: string | null; primary: boolean }[];
  note: string | null;
  updatedAt: Date;
}

const PRODID = '-//WFS//Liaison//EN';
const MAX_LINE_OCTETS = 75;

/** Free-text labels (work, privat, Handy, ...) to the vCard TYPE they mean; others get no TYPE. */
const EMAIL_TYPES: Record<string, string> = { work: 'work', office: 'work', arbeit: 'work', lavoro: 'work', home: 'home', private: 'home', privat: 'home', privato: 'home' };
const PHONE_TYPES: Record<string, string> = {
  ...EMAIL_TYPES,
  mobile: 'cell',
  cell: 'cell',
  mobil: 'cell',
  handy: 'cell',
  cellulare: 'cell',
  fax: 'fax',
  büro: 'work',
  ufficio: 'work',
};

/**
 * Escapes a text value: backslash, comma and line breaks always; a semicolon
 * where it would split the value, which is inside a component of N or ORG in
 * both versions, and in every text value in 3.0 (RFC 2426 section 4 lists it
 * among the escaped characters; RFC 6350 3.4 only in compound values).
 */
export function escapeVCardText(value: string, version: VCardVersion, component = false): string {
  const special = component || version === '3.0' ? /[\\,;]/g : /[\\,]/g;
  return value.replace(special, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 6350 3.2), never inside a UTF-8
 * sequence or a surrogate pair: continuation lines start with one space.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // Continuation lines carry the leading space, so they hold one octet less.
    const limit = parts.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

class CardWriter {
  private readonly lines: string[] = [];

  constructor(private readonly version: VCardVersion) {}

  /** One property; `value` is already escaped. In 3.0, non-ASCII values say CHARSET=UTF-8 (Apple Contacts reads them as Mac Roman otherwise). */
  add(name: string, value: string, params: string[] = []): void {
    const all = this.version === '3.0' && /[^\x00-\x7f]/.test(value) ? [...params, 'CHARSET=UTF-8'] : params;
    this.lines.push(foldLine(`${[name, ...all].join(';')}:${value}`));
  }

  toString(): string {
    return this.lines.map((line) => `${line}\r\n`).join('');
  }
}

function typeOf(label: string | null, types: Record<string, string>): string | undefined {
  return label ? types[label.trim().toLowerCase()] : undefined;
}

/** TYPE and preference parameters: `TYPE=WORK,PREF` in 3.0, `TYPE=work;PREF=1` in 4.0. */
function typeParams(version: VCardVersion, types: (string | undefined)[], primary: boolean): string[] {
  const known = types.filter((type): type is string => !!type);
  if (version === '3.0') {
    const all = [...known, ...(primary ? ['pref'] : [])].map((type) => type.toUpperCase());
    return all.length ? [`TYPE=${all.join(',')}`] : [];
  }
  return [...(known.length ? [`TYPE=${known.join(',')}`] : []), ...(primary ? ['PREF=1'] : [])];
}

function basicUtc(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function writeVCard(contact: VCardContact, version: VCardVersion): string {
  const card = new CardWriter(version);
  const text = (value: string | null | undefined) => escapeVCardText(value ?? '', version);
  const components = (...values: (string | null)[]) => values.map((value) => escapeVCardText(value ?? '', version, true)).join(';');
  card.add('BEGIN', 'VCARD');
  card.add('VERSION', version);
  card.add('PRODID', PRODID);
  card.add('UID', version === '4.0' ? `urn:uuid:${contact.id}` : contact.id);
  card.add('FN', text(`${contact.givenName} ${contact.familyName}`.trim()));
  card.add('N', components(contact.familyName, contact.givenName, '', contact.title, ''));
  if (contact.organisation) {
    card.add('ORG', components(contact.organisation, ...(contact.department ? [contact.department] : [])));
  }
  if (contact.jobTitle) card.add('TITLE', text(contact.jobTitle));
  for (const email of contact.emails) {
    const types = version === '3.0' ? ['internet', typeOf(email.label, EMAIL_TYPES)] : [typeOf(email.label, EMAIL_TYPES)];
    card.add('EMAIL', text(email.address), typeParams(version, types, email.primary));
  }
  for (const phone of contact.phones) {
    const params = typeParams(version, [typeOf(phone.label, PHONE_TYPES)], phone.primary);
    if (version === '4.0') card.add('TEL', `tel:${phone.number}`, ['VALUE=uri', ...params]);
    else card.add('TEL', text(phone.number), params);
  }
  if (contact.note) card.add('NOTE', text(contact.note));
  card.add('REV', version === '4.0' ? basicUtc(contact.updatedAt) : contact.updatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  card.add('END', 'VCARD');
  return card.toString();
}

/** Several cards in one file, as phones and Apple Contacts import them. */
export function writeVCards(contacts: readonly VCardContact[], version: VCardVersion): string {
  return contacts.map((contact) => writeVCard(contact, version)).join('');
}
