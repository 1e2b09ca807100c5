import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { RecordType } from '../common/graphql/record-type.enum';

@ObjectType('Note')
export class Note {
  @Field(() => ID)
  id: string;

  @Field(() => RecordType)
  recordType: RecordType;

  @Field(() => ID)
  recordId: string;

  @Field()
  body: string;

  @Field(() => ID)
  authorId: string;

  @Field(() => Date, { nullable: true })
  archivedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  @Field(() => Int)
  version: number;
}
