import { TeamFilterField } from '../../access/dto/confidentiality.fields';
import { ArgsType, Field, Float, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsISO31661Alpha2,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/graphql/page.args';
import { SortDirection } from '../../common/graphql/sort-direction.enum';
import { IsLocalDate } from '../../common/validation/dates';
import { UpperCase } from '../../common/validation/transforms';
import { LeadKind, LeadStage } from '../lead.enums';

export enum LeadOrderField {
  UPDATED_AT = 'UPDATED_AT',
  NEXT_STEP_DATE = 'NEXT_STEP_DATE',
  ESTIMATED_VALUE = 'ESTIMATED_VALUE',
  TITLE = 'TITLE',
}
registerEnumType(LeadOrderField, {
  name: 'LeadOrderField',
  description: 'Leads without a next-step date sort after all dates; leads without a value sort below all values',
});

@InputType()
export class LeadFilter {
  @Field(() => [LeadStage], { nullable: true })
  @IsOptional()
  @IsEnum(LeadStage, { each: true })
  stages?: LeadStage[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a UUID' })
  ownerId?: string;

  @TeamFilterField()
  teamId?: string;

  @Field(() => [LeadKind], { nullable: true })
  @IsOptional()
  @IsEnum(LeadKind, { each: true })
  kinds?: LeadKind[];

  @Field(() => String, { nullable: true, description: 'One topic, matched whole and case-insensitively' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  topic?: string;

  @Field(() => ID, { nullable: true, description: 'Leads this organisation is involved in, on either side' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId?: string;

  @Field(() => String, { nullable: true, description: 'Leads with an involved organisation in this country (ISO 3166-1 alpha-2)' })
  @UpperCase()
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country?: string;

  @Field(() => ID, { nullable: true, description: 'Leads that came from this trip' })
  @IsOptional()
  @IsUUID('all', { message: 'tripId must be a UUID' })
  tripId?: string;

  @Field(() => ID, { nullable: true, description: 'Leads that came from this meeting' })
  @IsOptional()
  @IsUUID('all', { message: 'meetingId must be a UUID' })
  meetingId?: string;

  @Field(() => String, { nullable: true, description: 'Next step due strictly before this date (YYYY-MM-DD)' })
  @IsOptional()
  @IsLocalDate()
  nextStepBefore?: string;

  @Field(() => Float, { nullable: true, description: 'Estimated value at least this (EUR)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  minValue?: number;

  @Field(() => Float, { nullable: true, description: 'Estimated value at most this (EUR)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  maxValue?: number;

  @Field(() => Boolean, { nullable: true, description: 'true: not WON or LOST; false: WON or LOST; omitted: both' })
  @IsOptional()
  @IsBoolean()
  open?: boolean;

  @Field({ defaultValue: false, description: 'Include archived leads' })
  @IsBoolean()
  includeArchived: boolean = false;
}

@InputType()
export class LeadOrder {
  @Field(() => LeadOrderField, { defaultValue: LeadOrderField.UPDATED_AT })
  @IsEnum(LeadOrderField)
  field: LeadOrderField = LeadOrderField.UPDATED_AT;

  @Field(() => SortDirection, { nullable: true, description: 'DESC for UPDATED_AT, ASC for the others when omitted' })
  @IsOptional()
  @IsEnum(SortDirection)
  direction?: SortDirection;
}

@ArgsType()
export class LeadsArgs extends PageArgs {
  @Field(() => LeadFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadFilter)
  filter?: LeadFilter;

  @Field(() => LeadOrder, { nullable: true, description: 'Most recently updated first when omitted' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadOrder)
  orderBy?: LeadOrder;
}
