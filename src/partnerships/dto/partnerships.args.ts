import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/graphql/page.args';
import { PartnershipKind, PartnershipStatus } from '../partnership.enums';

@InputType()
export class PartnershipFilter {
  @Field(() => PartnershipStatus, { nullable: true })
  @IsOptional()
  @IsEnum(PartnershipStatus)
  status?: PartnershipStatus;

  @Field(() => PartnershipKind, { nullable: true })
  @IsOptional()
  @IsEnum(PartnershipKind)
  kind?: PartnershipKind;

  @Field(() => ID, { nullable: true, description: 'Partnerships this organisation is party to' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId?: string;

  @Field({ defaultValue: false, description: 'Include archived partnerships' })
  @IsBoolean()
  includeArchived: boolean = false;
}

@ArgsType()
export class PartnershipsArgs extends PageArgs {
  @Field(() => PartnershipFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PartnershipFilter)
  filter?: PartnershipFilter;
}
