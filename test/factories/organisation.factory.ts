import { CreateOrganisationInput } from '../../src/organisations/dto/create-organisation.input';
import { OrganisationKind } from '../../src/organisations/organisation-kind.enum';

let sequence = 0;

/** A valid organisation input; override what the test is about. */
export function organisationInput(overrides: Partial<CreateOrganisationInput> = {}): CreateOrganisationInput {
  sequence += 1;
  return Object.assign(new CreateOrganisationInput(), {
    name: `Zulieferer ${sequence} GmbH`,
    kind: OrganisationKind.COMPANY,
    country: 'DE',
    region: 'Sachsen',
    nutsCode: 'DED',
    city: 'Zwickau',
    website: 'https://example.org',
    sectors: ['automotive'],
    ...overrides,
  });
}

export const ORGANISATION_FIELDS = `id name legalName kind country region nutsCode city website sectors parentId
  description archivedAt createdAt updatedAt version`;
