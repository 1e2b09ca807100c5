import { Confidentiality } from '../../access/confidentiality.enum';
import { ConfidentialityField, SharedWithField, TeamIdField } from '../../access/dto/confidentiality.fields';
import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsLocalDate } from '../../common/validation/dates';
import { MaxDecimalPlaces } from '../../common/validation/numbers';
import { NormaliseTags, Trim, TrimToNull } from '../../common/validation/transforms';
import { LeadKind, LeadSide } from '../lead.enums';

/** numeric(14,2) holds up to 999,999,999,999.99. */
export const MAX_EUR = 999_999_999_999.99;

@InputType()
export class LeadOrganisationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId: string;

  @Field(() => LeadSide, { description: 'SAXON for the Saxon side, PARTNER for the foreign partner' })
  @IsEnum(LeadSide)
  side: LeadSide;
}

@InputType()
export class CreateLeadInput {
  @Field()
  @Trim()
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @Field(() => LeadKind)
  @IsEnum(LeadKind)
  kind: LeadKind;

  @Field(() => [String], {
    nullable: true,
    description: 'Lower-cased and de-duplicated, e.g. ["reshoring of automotive value chains", "smart city"]',
  })
  @NormaliseTags()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true, message: 'each topic must not be empty' })
  @MaxLength(100, { each: true })
  topics?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The user who owns the lead; the caller when omitted' })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a UUID' })
  ownerId?: string | null;

  @Field(() => [LeadOrganisationInput], { nullable: true, description: 'Involved organisations and their side' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LeadOrganisationInput)
  organisations?: LeadOrganisationInput[] | null;

  @Field(() => [ID], { nullable: true, description: 'Contact people' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'each contactId must be a UUID' })
  contactIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: "The trip it came from; taken from the meeting's trip when omitted" })
  @IsOptional()
  @IsUUID('all', { message: 'originTripId must be a UUID' })
  originTripId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The meeting it came from' })
  @IsOptional()
  @IsUUID('all', { message: 'originMeetingId must be a UUID' })
  originMeetingId?: string | null;

  @Field(() => Float, { nullable: true, description: 'EUR, at least 0, two decimals at most' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0)
  @Max(MAX_EUR)
  estimatedValue?: number | null;

  @Field(() => Int, { nullable: true, description: 'Jobs the lead could create or secure' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  potentialJobs?: number | null;

  @Field(() => Int, { nullable: true, description: 'Percent, 0 to 100' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  probability?: number | null;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  nextStep?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsLocalDate()
  nextStepDate?: string | null;

  @ConfidentialityField()
  confidentiality?: Confidentiality | null;

  @TeamIdField()
  teamId?: string | null;

  @SharedWithField()
  sharedWithUserIds?: string[] | null;
}
