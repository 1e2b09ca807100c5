import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('TagCount', { description: 'A tag in use and on how many records' })
export class TagCount {
  @Field()
  tag: string;

  @Field(() => Int)
  count: number;
}
