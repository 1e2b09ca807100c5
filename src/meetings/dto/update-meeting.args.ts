import { ArgsType, Field, ID, InputType, Int, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { CreateMeetingInput } from './create-meeting.input';

/**
 * Every field optional: omitted fields stay, null clears an optional field.
 * organisationIds and participants, when given, replace the whole set. A new
 * timeZone keeps the wall-clock times (14:00 stays 14:00 in the new zone).
 */
@InputType()
export class UpdateMeetingInput extends PartialType(CreateMeetingInput) {}

@ArgsType()
export class VersionedMeetingArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int, { description: 'The version the client last read; a newer one answers CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@ArgsType()
export class UpdateMeetingArgs extends VersionedMeetingArgs {
  @Field(() => UpdateMeetingInput)
  @ValidateNested()
  @Type(() => UpdateMeetingInput)
  input: UpdateMeetingInput;
}
