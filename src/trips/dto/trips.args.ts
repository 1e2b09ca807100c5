import { ArgsType, Field, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsISO31661Alpha2, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/graphql/page.args';
import { SortDirection } from '../../common/graphql/sort-direction.enum';
import { IsLocalDate } from '../../common/validation/dates';
import { UpperCase } from '../../common/validation/transforms';
import { TripKind } from '../trip.enums';

export enum TripOrderField {
  START_DATE = 'START_DATE',
  NAME = 'NAME',
}
registerEnumType(TripOrderField, { name: 'TripOrderField' });

@InputType()
export class TripFilter {
  @Field(() => String, { nullable: true, description: 'Case- and accent-insensitive substring of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameContains?: string;

  @Field(() => TripKind, { nullable: true })
  @IsOptional()
  @IsEnum(TripKind)
  kind?: TripKind;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: trips ending on or after this day' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: trips starting on or before this day' })
  @IsOptional()
  @IsLocalDate()
  to?: string;

  @Field(() => String, { nullable: true, description: 'Trips with a destination in this country (ISO 3166-1 alpha-2)' })
  @UpperCase()
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country?: string;

  @Field({ defaultValue: false, description: 'Include archived trips' })
  @IsBoolean()
  includeArchived: boolean = false;
}

@InputType()
export class TripOrder {
  @Field(() => TripOrderField, { defaultValue: TripOrderField.START_DATE })
  @IsEnum(TripOrderField)
  field: TripOrderField = TripOrderField.START_DATE;

  @Field(() => SortDirection, { nullable: true, description: 'Default: DESC (latest first) by START_DATE, ASC by NAME' })
  @IsOptional()
  @IsEnum(SortDirection)
  direction?: SortDirection;
}

@ArgsType()
export class TripsArgs extends PageArgs {
  @Field(() => TripFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TripFilter)
  filter?: TripFilter;

  @Field(() => TripOrder, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TripOrder)
  orderBy?: TripOrder;
}
