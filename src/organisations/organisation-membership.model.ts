import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { VersionedRecord } from '../common/graphql/versioned-record.model';

@ObjectType('OrganisationMembership', { description: 'An organisation in a network or alliance, with since/until' })
export class OrganisationMembership extends VersionedRecord {
  @Field(() => ID)
  memberId: string;

  @Field(() => ID)
  networkId: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  since: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  until: string | null;
}
