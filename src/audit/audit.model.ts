import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';

/** What an audit trail can be asked for; each covers its table and the link tables recorded under it. */
export enum AuditRecordType {
  USER = 'USER',
  API_KEY = 'API_KEY',
  ORGANISATION = 'ORGANISATION',
  MEMBERSHIP = 'MEMBERSHIP',
  PERSON = 'PERSON',
  AFFILIATION = 'AFFILIATION',
  TRIP = 'TRIP',
  MEETING = 'MEETING',
  LEAD = 'LEAD',
  PARTNERSHIP = 'PARTNERSHIP',
  TASK = 'TASK',
  NOTE = 'NOTE',
  TEAM = 'TEAM',
}
registerEnumType(AuditRecordType, { name: 'AuditRecordType' });

@ObjectType('FieldChange', { description: 'One changed column; secrets appear only as "[secret]"' })
export class FieldChange {
  @Field()
  field: string;

  @Field(() => String, { nullable: true, description: 'The value before, as JSON (null for a new record)' })
  before: string | null;

  @Field(() => String, { nullable: true, description: 'The value after, as JSON (null for a deleted record)' })
  after: string | null;
}

@ObjectType('AuditEntry', { description: 'One change, written in the same transaction as the change itself' })
export class AuditEntry {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  @Field(() => ID, { nullable: true })
  actorUserId: string | null;

  @Field(() => ID, { nullable: true })
  actorApiKeyId: string | null;

  @Field(() => String, { nullable: true, description: 'Email or API key name at the time; null for the system (seed, migrations)' })
  actor: string | null;

  @Field(() => String, { nullable: true })
  requestId: string | null;

  @Field({ description: 'INSERT, UPDATE, DELETE, ARCHIVE or RESTORE' })
  action: string;

  @Field({ description: 'The table written, e.g. leads or lead_organisations' })
  table: string;

  @Field()
  recordId: string;

  @Field(() => [FieldChange])
  changes: FieldChange[];
}

@ObjectType()
export class AuditEntryConnection extends Connection(AuditEntry) {}
