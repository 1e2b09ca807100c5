import { AddAffiliationInput } from '../../src/people/dto/affiliation.args';
import { CreatePersonInput, EmailAddressInput, PhoneNumberInput } from '../../src/people/dto/create-person.input';

let sequence = 0;

/** A valid person input; override what the test is about. */
export function personInput(overrides: Partial<CreatePersonInput> = {}): CreatePersonInput {
  sequence += 1;
  return Object.assign(new CreatePersonInput(), {
    title: null,
    givenName: 'Anna',
    familyName: `Beispiel ${sequence}`,
    emails: [],
    phones: [],
    preferredLanguage: 'de',
    background: null,
    ...overrides,
  });
}

export function emailInput(address: string, overrides: Partial<EmailAddressInput> = {}): EmailAddressInput {
  return Object.assign(new EmailAddressInput(), { address, label: null, primary: false, ...overrides });
}

export function phoneInput(number: string, overrides: Partial<PhoneNumberInput> = {}): PhoneNumberInput {
  return Object.assign(new PhoneNumberInput(), { number, label: null, primary: false, ...overrides });
}

export function affiliationInput(
  personId: string,
  organisationId: string,
  overrides: Partial<AddAffiliationInput> = {},
): AddAffiliationInput {
  return Object.assign(new AddAffiliationInput(), {
    personId,
    organisationId,
    jobTitle: 'Projektleiterin',
    department: null,
    startDate: '2020-01-01',
    endDate: null,
    isPrimary: false,
    ...overrides,
  });
}

export const PERSON_FIELDS = `id title givenName familyName emails { address label primary } phones { number label primary }
  preferredLanguage background archivedAt createdAt updatedAt version`;

export const AFFILIATION_FIELDS = `id personId organisationId jobTitle department startDate endDate isPrimary isCurrent version`;
