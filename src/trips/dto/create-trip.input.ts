import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsLocalDate } from '../../common/validation/dates';
import { Trim, TrimToNull, UpperCase } from '../../common/validation/transforms';
import { DelegateRole, TripKind } from '../trip.enums';

@InputType()
export class DestinationInput {
  @Field()
  @Trim()
  @IsString()
  @MinLength(1, { message: 'city must not be empty' })
  @MaxLength(100)
  city: string;

  @Field({ description: 'ISO 3166-1 alpha-2, e.g. IT' })
  @UpperCase()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country: string;
}

@InputType()
export class DelegateInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId: string;

  @Field(() => DelegateRole)
  @IsEnum(DelegateRole)
  role: DelegateRole;
}

@InputType()
export class CreateTripInput {
  @Field()
  @Trim()
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @Field(() => TripKind)
  @IsEnum(TripKind)
  kind: TripKind;

  @Field({ description: 'YYYY-MM-DD' })
  @IsLocalDate()
  startDate: string;

  @Field({ description: 'YYYY-MM-DD, on or after startDate' })
  @IsLocalDate()
  endDate: string;

  @Field(() => [DestinationInput], { nullable: true, description: 'In travel order, e.g. Milano IT, Modena IT' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => DestinationInput)
  destinations?: DestinationInput[] | null;

  @Field(() => ID, { nullable: true, description: 'The organisation running the trip' })
  @IsOptional()
  @IsUUID('all', { message: 'organiserId must be a UUID' })
  organiserId?: string | null;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  objectives?: string | null;

  @Field(() => [DelegateInput], { nullable: true, description: 'The delegation; change it later with setTripDelegate' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DelegateInput)
  delegation?: DelegateInput[] | null;
}
