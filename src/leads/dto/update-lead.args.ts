import { ArgsType, Field, ID, InputType, Int, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { CreateLeadInput } from './create-lead.input';

/**
 * Every field optional: omitted fields stay, null clears an optional field.
 * `organisations` and `contactIds`, when given, replace the whole set. The stage
 * changes only through moveLeadStage, so its history stays complete.
 */
@InputType()
export class UpdateLeadInput extends PartialType(CreateLeadInput) {}

@ArgsType()
export class UpdateLeadArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int, { description: 'The version the client last read; a newer one answers CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field(() => UpdateLeadInput)
  @ValidateNested()
  @Type(() => UpdateLeadInput)
  input: UpdateLeadInput;
}
