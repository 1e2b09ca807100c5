import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { Organisation } from '../organisations/organisation.model';
import { Person } from '../people/person.model';
import { DuplicateReason, DuplicateType } from './duplicate.enums';

@ObjectType('DuplicateCandidate', { description: 'Two people, or two organisations, that may be the same' })
export class DuplicateCandidate {
  @Field(() => DuplicateType)
  type: DuplicateType;

  @Field(() => [ID], { description: 'The two ids, lower first: pass them to dismissDuplicate or a merge' })
  ids: string[];

  @Field(() => Float, { description: 'From 0 to 1: each reason adds to it' })
  score: number;

  @Field(() => [DuplicateReason])
  reasons: DuplicateReason[];
}

@ObjectType()
export class DuplicateCandidateConnection extends Connection(DuplicateCandidate) {}

@ObjectType('PossiblePersonDuplicate', { description: 'Someone who may be the same person' })
export class PossiblePersonDuplicate {
  @Field(() => Person)
  person: Person;

  @Field(() => Float)
  score: number;

  @Field(() => [DuplicateReason])
  reasons: DuplicateReason[];
}

@ObjectType('PossibleOrganisationDuplicate', { description: 'An organisation that may be the same one' })
export class PossibleOrganisationDuplicate {
  @Field(() => Organisation)
  organisation: Organisation;

  @Field(() => Float)
  score: number;

  @Field(() => [DuplicateReason])
  reasons: DuplicateReason[];
}
