import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
import { TrimToNull } from '../../common/validation/transforms';
import { MAX_EUR } from '../../leads/dto/create-lead.input';
import { PartnershipKind } from '../partnership.enums';

@InputType()
export class ConvertLeadInput {
  @Field(() => String, { nullable: true, description: "The lead's title when omitted" })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title?: string | null;

  @Field(() => PartnershipKind)
  @IsEnum(PartnershipKind)
  kind: PartnershipKind;

  @Field(() => [ID], { nullable: true, description: "The lead's organisations (both sides) when omitted" })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'partyIds must name at least one organisation' })
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'each partyId must be a UUID' })
  partyIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsLocalDate()
  signedOn?: string | null;

  @Field(() => Float, { nullable: true, description: "EUR; the lead's estimated value when omitted" })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0)
  @Max(MAX_EUR)
  valueEur?: number | null;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;
}

@ArgsType()
export class ConvertLeadToPartnershipArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'leadId must be a UUID' })
  leadId: string;

  @Field(() => Int, { description: "The lead's version the client last read; a newer one answers CONFLICT" })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field(() => ConvertLeadInput)
  @ValidateNested()
  @Type(() => ConvertLeadInput)
  input: ConvertLeadInput;
}
