import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsLocalDate } from '../../common/validation/dates';
import { TrimToNull } from '../../common/validation/transforms';
import { PersonAffiliationInput } from './create-person.input';

@InputType()
export class AddAffiliationInput extends PersonAffiliationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId: string;
}

/**
 * Omitted fields stay, null clears. Person and organisation stay: a new
 * employer is a new affiliation. Written out rather than a PartialType, which
 * would carry over `isPrimary = false` and unmark the primary on every edit.
 */
@InputType()
export class UpdateAffiliationInput {
  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  jobTitle?: string | null;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  department?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsLocalDate()
  startDate?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, not before startDate; null reopens the affiliation' })
  @IsOptional()
  @IsLocalDate()
  endDate?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true unmarks the other current affiliations of the person' })
  @IsOptional()
  @IsBoolean()
  isPrimary?: boolean | null;
}

@ArgsType()
export class UpdateAffiliationArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int, { description: 'The version the client last read; a newer one answers CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field(() => UpdateAffiliationInput)
  @ValidateNested()
  @Type(() => UpdateAffiliationInput)
  input: UpdateAffiliationInput;
}

@ArgsType()
export class EndAffiliationArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field({ description: 'YYYY-MM-DD, not before the start date; the affiliation stays as history' })
  @IsLocalDate()
  endDate: string;
}

/** Arguments of the `affiliations` fields on Person and Organisation. */
@ArgsType()
export class AffiliationsFieldArgs {
  @Field({ defaultValue: false, description: 'Include affiliations that have ended' })
  @IsBoolean()
  includeEnded: boolean = false;
}
