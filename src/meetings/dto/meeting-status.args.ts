import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Trim, TrimToNull } from '../../common/validation/transforms';
import { VersionedMeetingArgs } from './update-meeting.args';

@ArgsType()
export class CancelMeetingArgs extends VersionedMeetingArgs {
  @Field({ description: 'Why the meeting will not take place' })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'reason must not be empty' })
  @MaxLength(2000)
  reason: string;
}

@InputType()
export class MeetingOutcomeInput {
  @Field({ description: 'What happened' })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'outcomeSummary must not be empty' })
  @MaxLength(10000)
  outcomeSummary: string;

  @Field(() => String, { nullable: true, description: 'What we wanted; omitted keeps the planned one' })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  intendedResult?: string | null;

  @Field(() => String, { nullable: true, description: 'What we got' })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  actualResult?: string | null;
}

@ArgsType()
export class RecordMeetingOutcomeArgs extends VersionedMeetingArgs {
  @Field(() => MeetingOutcomeInput)
  @ValidateNested()
  @Type(() => MeetingOutcomeInput)
  input: MeetingOutcomeInput;
}
