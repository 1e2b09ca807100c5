import { ArgsType, Field, ID, InputType, Int, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { CreateOrganisationInput } from './create-organisation.input';

/** Every field optional: omitted fields stay, null clears an optional field. */
@InputType()
export class UpdateOrganisationInput extends PartialType(CreateOrganisationInput) {}

@ArgsType()
export class UpdateOrganisationArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int, { description: 'The version the client last read; a newer one answers CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field(() => UpdateOrganisationInput)
  @ValidateNested()
  @Type(() => UpdateOrganisationInput)
  input: UpdateOrganisationInput;
}
