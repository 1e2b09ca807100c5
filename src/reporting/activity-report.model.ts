import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ActivityInterval {
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}
registerEnumType(ActivityInterval, { name: 'ActivityInterval', description: 'WEEK starts on Monday (ISO weeks)' });

@ObjectType()
export class ActivityPeriod {
  @Field({ description: 'First day of the week or month, or `from` for the first period (YYYY-MM-DD)' })
  start: string;

  @Field({ description: 'Last day of the week or month, or `to` for the last period (YYYY-MM-DD)' })
  end: string;

  @Field(() => Int, { description: 'Meetings held that started in the period' })
  meetingsHeld: number;

  @Field(() => Int, { description: 'People created in the period' })
  newContacts: number;

  @Field(() => Int)
  leadsOpened: number;

  @Field(() => Int, { description: 'Leads moved to WON in the period' })
  leadsWon: number;
}

@ObjectType({
  description:
    'Activity per week or month, archived records left out. Days are the database\'s calendar days. Will apply the ' +
    'confidentiality policy (issue 4) once it exists.',
})
export class ActivityReport {
  @Field()
  from: string;

  @Field()
  to: string;

  @Field(() => ActivityInterval)
  interval: ActivityInterval;

  @Field(() => [ActivityPeriod], { description: 'Every period from `from` to `to`, empty ones included' })
  periods: ActivityPeriod[];
}
