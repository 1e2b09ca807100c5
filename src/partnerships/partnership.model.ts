import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { PartnershipKind, PartnershipStatus } from './partnership.enums';
import { VersionedRecord } from '../common/graphql/versioned-record.model';

@ObjectType('Partnership', { description: 'A supply contract, MoU, joint project, investment or membership' })
export class Partnership extends VersionedRecord {
  @Field(() => ID, { nullable: true, description: 'The lead it was converted from' })
  leadId: string | null;

  @Field()
  title: string;

  @Field(() => PartnershipKind)
  kind: PartnershipKind;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  signedOn: string | null;

  @Field(() => Float, { nullable: true, description: 'EUR' })
  valueEur: number | null;

  @Field(() => PartnershipStatus)
  status: PartnershipStatus;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  endedOn: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;
}

@ObjectType()
export class PartnershipConnection extends Connection(Partnership) {}
