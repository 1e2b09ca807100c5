import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { IsLocalDate } from '../../common/validation/dates';

@ArgsType()
export class TripReportArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'tripId must be a UUID' })
  tripId: string;

  @Field(() => String, {
    nullable: true,
    description: 'The trip as it looked at the end of this day (YYYY-MM-DD), e.g. three months after it; now when omitted',
  })
  @IsOptional()
  @IsLocalDate()
  asOf?: string;
}
