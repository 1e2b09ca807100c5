import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

/** The fields every editable record shares: id, soft delete, timestamps and the optimistic-concurrency version. */
@ObjectType({ isAbstract: true })
export abstract class VersionedRecord {
  @Field(() => ID)
  id: string;

  @Field(() => Date, { nullable: true, description: 'Set when archived; archived records are hidden from lists' })
  archivedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  @Field(() => Int, { description: 'Increases with every change; pass it as expectedVersion to update' })
  version: number;
}
