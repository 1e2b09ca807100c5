import { RecordType } from '../common/graphql/record-type.enum';

/**
 * The table behind each record type. Notes and taggings point at records by
 * (type, id) without a foreign key, so their services check existence here.
 */
export const RECORD_TABLES: Record<RecordType, string> = {
  [RecordType.ORGANISATION]: 'organisations',
  [RecordType.PERSON]: 'people',
  [RecordType.MEETING]: 'meetings',
  [RecordType.LEAD]: 'leads',
};
