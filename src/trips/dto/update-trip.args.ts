import { ArgsType, Field, ID, InputType, Int, OmitType, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { CreateTripInput } from './create-trip.input';

/** Every field optional: omitted fields stay, null clears an optional field. The delegation changes through setTripDelegate. */
@InputType()
export class UpdateTripInput extends PartialType(OmitType(CreateTripInput, ['delegation'] as const)) {}

@ArgsType()
export class UpdateTripArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int, { description: 'The version the client last read; a newer one answers CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field(() => UpdateTripInput)
  @ValidateNested()
  @Type(() => UpdateTripInput)
  input: UpdateTripInput;
}
