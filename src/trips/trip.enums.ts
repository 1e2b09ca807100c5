import { registerEnumType } from '@nestjs/graphql';

export enum TripKind {
  DELEGATION = 'DELEGATION',
  TRADE_FAIR = 'TRADE_FAIR',
  CONFERENCE = 'CONFERENCE',
  INCOMING_VISIT = 'INCOMING_VISIT',
}
registerEnumType(TripKind, { name: 'TripKind' });

export enum DelegateRole {
  HEAD = 'HEAD',
  DELEGATE = 'DELEGATE',
  ORGANISER = 'ORGANISER',
  STAFF = 'STAFF',
}
registerEnumType(DelegateRole, { name: 'DelegateRole' });
