import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { DelegateRole, TripKind } from './trip.enums';
import { VersionedRecord } from '../common/graphql/versioned-record.model';

@ObjectType()
export class Destination {
  @Field()
  city: string;

  @Field({ description: 'ISO 3166-1 alpha-2' })
  country: string;
}

@ObjectType('Trip', { description: 'A delegation trip, trade fair, conference or incoming visit' })
export class Trip extends VersionedRecord {
  @Field()
  name: string;

  @Field(() => TripKind)
  kind: TripKind;

  @Field({ description: 'YYYY-MM-DD' })
  startDate: string;

  @Field({ description: 'YYYY-MM-DD' })
  endDate: string;

  @Field(() => [Destination])
  destinations: Destination[];

  @Field(() => ID, { nullable: true })
  organiserId: string | null;

  @Field(() => String, { nullable: true })
  objectives: string | null;
}

@ObjectType()
export class TripConnection extends Connection(Trip) {}

/** A delegation member: resolved to its person through a loader. */
@ObjectType('Delegate')
export class Delegate {
  @Field(() => ID)
  tripId: string;

  @Field(() => ID)
  personId: string;

  @Field(() => DelegateRole)
  role: DelegateRole;
}
