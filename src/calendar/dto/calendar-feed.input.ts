import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../common/validation/transforms';

@InputType()
export class CreateCalendarFeedInput {
  @Field({ description: 'What the feed is for, e.g. "iPhone" or "Outlook"' })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  name: string;
}

@ArgsType()
export class CalendarFeedsArgs {
  @Field({ defaultValue: false, description: 'Include revoked feeds' })
  @IsBoolean()
  includeRevoked: boolean = false;
}
