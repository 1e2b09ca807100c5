import { registerEnumType } from '@nestjs/graphql';

export enum PartnershipKind {
  SUPPLY_CONTRACT = 'SUPPLY_CONTRACT',
  MOU = 'MOU',
  JOINT_PROJECT = 'JOINT_PROJECT',
  INVESTMENT = 'INVESTMENT',
  NETWORK_MEMBERSHIP = 'NETWORK_MEMBERSHIP',
}
registerEnumType(PartnershipKind, { name: 'PartnershipKind' });

export enum PartnershipStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(PartnershipStatus, { name: 'PartnershipStatus' });
