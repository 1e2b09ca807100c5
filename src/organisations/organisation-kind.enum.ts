import { registerEnumType } from '@nestjs/graphql';

export enum OrganisationKind {
  COMPANY = 'COMPANY',
  PUBLIC_AUTHORITY = 'PUBLIC_AUTHORITY',
  MINISTRY = 'MINISTRY',
  NETWORK = 'NETWORK',
  RESEARCH = 'RESEARCH',
  ASSOCIATION = 'ASSOCIATION',
  OTHER = 'OTHER',
}

registerEnumType(OrganisationKind, { name: 'OrganisationKind' });
