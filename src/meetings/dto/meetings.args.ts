import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/graphql/page.args';
import { SortDirection } from '../../common/graphql/sort-direction.enum';
import { MeetingKind, MeetingStatus } from '../meeting.enums';

export enum MeetingOrderField {
  STARTS_AT = 'STARTS_AT',
}
registerEnumType(MeetingOrderField, { name: 'MeetingOrderField' });

@InputType()
export class MeetingFilter {
  @Field(() => ID, { nullable: true, description: "Only this trip's meetings" })
  @IsOptional()
  @IsUUID('all', { message: 'tripId must be a UUID' })
  tripId?: string;

  @Field(() => ID, { nullable: true, description: 'Only meetings involving this organisation' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId?: string;

  @Field(() => ID, { nullable: true, description: 'Only meetings this person takes part in' })
  @IsOptional()
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId?: string;

  @Field(() => MeetingStatus, { nullable: true })
  @IsOptional()
  @IsEnum(MeetingStatus)
  status?: MeetingStatus;

  @Field(() => MeetingKind, { nullable: true })
  @IsOptional()
  @IsEnum(MeetingKind)
  kind?: MeetingKind;

  @Field(() => Date, { nullable: true, description: 'Meetings starting at or after this instant' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Meetings starting before this instant' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @Field({ defaultValue: false, description: 'Include archived meetings' })
  @IsBoolean()
  includeArchived: boolean = false;
}

@InputType()
export class MeetingOrder {
  @Field(() => MeetingOrderField, { defaultValue: MeetingOrderField.STARTS_AT })
  @IsEnum(MeetingOrderField)
  field: MeetingOrderField = MeetingOrderField.STARTS_AT;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  @IsEnum(SortDirection)
  direction: SortDirection = SortDirection.ASC;
}

@ArgsType()
export class MeetingsArgs extends PageArgs {
  @Field(() => MeetingFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeetingFilter)
  filter?: MeetingFilter;

  @Field(() => MeetingOrder, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeetingOrder)
  orderBy?: MeetingOrder;
}
