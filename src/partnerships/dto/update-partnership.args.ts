import { ArgsType, Field, ID, InputType, Int, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { IsLocalDate } from '../../common/validation/dates';
import { CreatePartnershipInput } from './create-partnership.input';

/**
 * Every field optional: omitted fields stay, null clears an optional field;
 * `partyIds`, when given, replaces the parties. Status and endedOn change only
 * through endPartnership.
 */
@InputType()
export class UpdatePartnershipInput extends PartialType(CreatePartnershipInput) {}

@ArgsType()
export class VersionedPartnershipArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int, { description: 'The version the client last read; a newer one answers CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@ArgsType()
export class UpdatePartnershipArgs extends VersionedPartnershipArgs {
  @Field(() => UpdatePartnershipInput)
  @ValidateNested()
  @Type(() => UpdatePartnershipInput)
  input: UpdatePartnershipInput;
}

@ArgsType()
export class EndPartnershipArgs extends VersionedPartnershipArgs {
  @Field({ description: 'YYYY-MM-DD, not before signedOn' })
  @IsLocalDate()
  endedOn: string;
}
