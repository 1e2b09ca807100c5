import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DuplicateType } from '../duplicates/duplicate.enums';
import { Organisation } from '../organisations/organisation.model';
import { Person } from '../people/person.model';

@ObjectType('RecordMerge', { description: 'A merge of two people or two organisations, undoable for 30 days' })
export class RecordMerge {
  @Field(() => ID, { description: 'Pass it to unmerge' })
  id: string;

  @Field(() => DuplicateType)
  type: DuplicateType;

  @Field(() => ID)
  survivorId: string;

  @Field(() => ID, { description: 'The absorbed record, which answers for the survivor until the merge is undone' })
  mergedId: string;

  @Field()
  mergedAt: Date;

  @Field({ description: 'Until when unmerge can undo it' })
  undoableUntil: Date;

  @Field(() => Date, { nullable: true, description: 'Set when the merge was undone' })
  unmergedAt: Date | null;
}

@ObjectType()
export class PersonMergePayload {
  @Field(() => RecordMerge)
  merge: RecordMerge;

  @Field(() => Person, { description: 'The survivor, with everything the merged person had' })
  survivor: Person;
}

@ObjectType()
export class OrganisationMergePayload {
  @Field(() => RecordMerge)
  merge: RecordMerge;

  @Field(() => Organisation, { description: 'The survivor, with everything the merged organisation had' })
  survivor: Organisation;
}
