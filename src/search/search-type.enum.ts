import { registerEnumType } from '@nestjs/graphql';

/** The kinds of record the search looks through. */
export enum SearchType {
  ORGANISATION = 'ORGANISATION',
  PERSON = 'PERSON',
  TRIP = 'TRIP',
  MEETING = 'MEETING',
  LEAD = 'LEAD',
  NOTE = 'NOTE',
}
registerEnumType(SearchType, { name: 'SearchType' });
