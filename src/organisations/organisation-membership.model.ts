import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('OrganisationMembership', { description: 'An organisation in a network or alliance, with since/until' })
export class OrganisationMembership {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  memberId: string;

  @Field(() => ID)
  networkId: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  since: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  until: string | null;

  @Field(() => Date, { nullable: true })
  archivedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  @Field(() => Int)
  version: number;
}
