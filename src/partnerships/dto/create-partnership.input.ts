import { Field, Float, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsLocalDate } from '../../common/validation/dates';
import { MaxDecimalPlaces } from '../../common/validation/numbers';
import { Trim, TrimToNull } from '../../common/validation/transforms';
import { MAX_EUR } from '../../leads/dto/create-lead.input';
import { PartnershipKind } from '../partnership.enums';

@InputType()
export class CreatePartnershipInput {
  @Field()
  @Trim()
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @Field(() => PartnershipKind)
  @IsEnum(PartnershipKind)
  kind: PartnershipKind;

  @Field(() => [ID], { description: 'The organisations that are party to it, at least one' })
  @IsArray()
  @ArrayMinSize(1, { message: 'partyIds must name at least one organisation' })
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'each partyId must be a UUID' })
  partyIds: string[];

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsLocalDate()
  signedOn?: string | null;

  @Field(() => Float, { nullable: true, description: 'EUR, at least 0, two decimals at most' })
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
