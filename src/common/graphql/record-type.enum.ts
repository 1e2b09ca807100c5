import { registerEnumType } from '@nestjs/graphql';

/** Records that notes and tags attach to (by type and id). */
export enum RecordType {
  ORGANISATION = 'ORGANISATION',
  PERSON = 'PERSON',
  MEETING = 'MEETING',
  LEAD = 'LEAD',
}

registerEnumType(RecordType, { name: 'RecordType' });
