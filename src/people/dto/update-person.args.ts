import { ArgsType, Field, ID, InputType, Int, OmitType, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { CreatePersonInput } from './create-person.input';

/**
 * Every field optional: omitted fields stay, null clears an optional field.
 * `emails` and `phones` replace the whole list. Affiliations change through
 * their own mutations, so their history is kept.
 */
@InputType()
export class UpdatePersonInput extends PartialType(OmitType(CreatePersonInput, ['affiliations'] as const)) {}

@ArgsType()
export class UpdatePersonArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int, { description: 'The version the client last read; a newer one answers CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field(() => UpdatePersonInput)
  @ValidateNested()
  @Type(() => UpdatePersonInput)
  input: UpdatePersonInput;
}
