import { ArgsType, Field } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import { IsLocalDate } from '../../common/validation/dates';
import { ActivityInterval } from '../activity-report.model';

@ArgsType()
export class ActivityReportArgs {
  @Field({ description: 'First day (YYYY-MM-DD)' })
  @IsLocalDate()
  from: string;

  @Field({ description: 'Last day, included (YYYY-MM-DD); at most 5 years after from' })
  @IsLocalDate()
  to: string;

  @Field(() => ActivityInterval, { defaultValue: ActivityInterval.MONTH })
  @IsEnum(ActivityInterval)
  interval: ActivityInterval = ActivityInterval.MONTH;
}
