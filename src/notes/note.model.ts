import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { RecordType } from '../common/graphql/record-type.enum';
import { VersionedRecord } from '../common/graphql/versioned-record.model';

@ObjectType('Note')
export class Note extends VersionedRecord {
  @Field(() => RecordType)
  recordType: RecordType;

  @Field(() => ID)
  recordId: string;

  @Field()
  body: string;

  @Field(() => ID)
  authorId: string;
}
