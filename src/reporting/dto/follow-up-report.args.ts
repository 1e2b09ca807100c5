import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';

@ArgsType()
export class FollowUpReportArgs {
  @Field(() => Int, { defaultValue: 30, description: 'An open lead is stale after this many days without activity, 1 to 3650' })
  @IsInt()
  @Min(1)
  @Max(3650)
  staleDays = 30;

  @Field(() => Int, { defaultValue: 14, description: 'Next steps due today or in this many days, 0 to 365' })
  @IsInt()
  @Min(0)
  @Max(365)
  upcomingDays = 14;
}
