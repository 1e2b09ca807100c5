import { TeamFilterField } from '../../access/dto/confidentiality.fields';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsISO31661Alpha2, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsLocalDate } from '../../common/validation/dates';
import { Trim, UpperCase } from '../../common/validation/transforms';
import { LeadKind } from '../../leads/lead.enums';
import { PipelineGroupBy } from '../pipeline-report.model';

@InputType()
export class PipelineReportFilter {
  @Field(() => String, { nullable: true, description: 'Leads created on or after this day (YYYY-MM-DD)' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @Field(() => String, { nullable: true, description: 'Leads created on or before this day (YYYY-MM-DD)' })
  @IsOptional()
  @IsLocalDate()
  to?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Figures as they were at the end of this day, from the stage history (YYYY-MM-DD); now when omitted',
  })
  @IsOptional()
  @IsLocalDate()
  asOf?: string;

  @Field(() => ID, { nullable: true, description: 'Leads that came from this trip' })
  @IsOptional()
  @IsUUID('all', { message: 'tripId must be a UUID' })
  tripId?: string;

  @Field(() => [LeadKind], { nullable: true })
  @IsOptional()
  @IsEnum(LeadKind, { each: true })
  kinds?: LeadKind[];

  @Field(() => String, { nullable: true, description: 'One topic, matched whole and case-insensitively' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  topic?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a UUID' })
  ownerId?: string;

  @TeamFilterField()
  teamId?: string;

  @Field(() => String, { nullable: true, description: 'Leads with an involved organisation in this country (ISO 3166-1 alpha-2)' })
  @UpperCase()
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Leads with an involved organisation in this region, ignoring case and accents ("emilia-romagna")',
  })
  @Trim()
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'region must not be empty' })
  @MaxLength(100)
  region?: string;
}

@ArgsType()
export class PipelineReportArgs {
  @Field(() => PipelineReportFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PipelineReportFilter)
  filter?: PipelineReportFilter;

  @Field(() => PipelineGroupBy, { defaultValue: PipelineGroupBy.STAGE })
  @IsEnum(PipelineGroupBy)
  groupBy: PipelineGroupBy = PipelineGroupBy.STAGE;
}
