import { LiaisonException } from '../common/errors/liaison.exception';
import { EmailAddressInput, PhoneNumberInput } from './dto/create-person.input';
import { toE164 } from './phone-numbers';
import { EmailAddress, PhoneNumber } from './person.model';

/**
 * `a.b.c` from the non-empty parts: services report fields relative to
 * wherever the caller's input sits. A prefix given as `input.` works too.
 */
export function fieldPath(...parts: (string | number)[]): string {
  return parts
    .map((part) => String(part).replace(/\.+$/, ''))
    .filter((part) => part !== '')
    .join('.');
}

/** The primary entry's index: the one marked, or the first when none is. BAD_USER_INPUT when two are. */
function primaryIndex(entries: readonly { primary?: boolean }[], at: string, what: string): number {
  const marked = entries.flatMap((entry, i) => (entry.primary ? [i] : []));
  if (marked.length > 1) throw LiaisonException.badInput(fieldPath(at, marked[1], 'primary'), `Only one ${what} can be primary`);
  return marked[0] ?? 0;
}

/** Exactly one primary when there is any entry, and it comes first, as the model promises. */
function primaryFirst<T extends { primary: boolean }>(entries: T[], primary: number): T[] {
  const marked = entries.map((entry, i) => ({ ...entry, primary: i === primary }));
  return [marked[primary], ...marked.filter((_, i) => i !== primary)].filter(Boolean);
}

/** Addresses as stored: lower-cased, without duplicates, the primary first. `at` is the path of the list. */
export function toStoredEmails(inputs: readonly EmailAddressInput[], at: string): EmailAddress[] {
  const seen = new Set<string>();
  const emails = inputs.map((input, i) => {
    const address = input.address.trim().toLowerCase();
    if (seen.has(address)) throw LiaisonException.badInput(fieldPath(at, i, 'address'), `${address} is listed twice`);
    seen.add(address);
    return { address, label: input.label ?? null, primary: Boolean(input.primary) };
  });
  return primaryFirst(emails, primaryIndex(inputs, at, 'email address'));
}

/** Numbers as stored: E.164, without duplicates, the primary first. `at` is the path of the list. */
export function toStoredPhones(inputs: readonly PhoneNumberInput[], at: string): PhoneNumber[] {
  const seen = new Set<string>();
  const phones = inputs.map((input, i) => {
    const number = toE164(input.number, input.defaultCountry);
    if (!number) {
      throw LiaisonException.badInput(
        fieldPath(at, i, 'number'),
        'number must be a valid phone number: with its country code (+39 ...) or with defaultCountry',
      );
    }
    if (seen.has(number)) throw LiaisonException.badInput(fieldPath(at, i, 'number'), `${number} is listed twice`);
    seen.add(number);
    return { number, label: input.label ?? null, primary: Boolean(input.primary) };
  });
  return primaryFirst(phones, primaryIndex(inputs, at, 'phone number'));
}

/** BAD_USER_INPUT on `field` when an affiliation ends before it starts (YYYY-MM-DD strings compare as dates). */
export function assertAffiliationPeriod(startDate: string | null | undefined, endDate: string | null | undefined, field: string): void {
  if (startDate && endDate && endDate < startDate) {
    throw LiaisonException.badInput(field, `endDate ${endDate} is before startDate ${startDate}`);
  }
}
