import { Field, ObjectType } from '@nestjs/graphql';
import { VersionedRecord } from '../common/graphql/versioned-record.model';

@ObjectType({ description: 'A team of staff; its members see the CONFIDENTIAL leads and meetings it holds' })
export class Team extends VersionedRecord {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;
}
