import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/graphql/page.args';
import { SortDirection } from '../../common/graphql/sort-direction.enum';
import { UpperCase } from '../../common/validation/transforms';
import { OrganisationKind } from '../organisation-kind.enum';

export enum OrganisationOrderField {
  NAME = 'NAME',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(OrganisationOrderField, { name: 'OrganisationOrderField' });

@InputType()
export class OrganisationFilter {
  @Field(() => [OrganisationKind], { nullable: true })
  @IsOptional()
  @IsEnum(OrganisationKind, { each: true })
  kinds?: OrganisationKind[];

  @Field(() => String, { nullable: true })
  @UpperCase()
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  sector?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Case- and accent-insensitive substring of the name: "hanel" finds "Hänel"',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameContains?: string;

  @Field(() => ID, { nullable: true, description: 'Only direct children of this organisation' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string;

  @Field({ defaultValue: false, description: 'Include archived organisations' })
  @IsBoolean()
  includeArchived: boolean = false;
}

@InputType()
export class OrganisationOrder {
  @Field(() => OrganisationOrderField, { defaultValue: OrganisationOrderField.NAME })
  @IsEnum(OrganisationOrderField)
  field: OrganisationOrderField = OrganisationOrderField.NAME;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  @IsEnum(SortDirection)
  direction: SortDirection = SortDirection.ASC;
}

@ArgsType()
export class OrganisationsArgs extends PageArgs {
  @Field(() => OrganisationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrganisationFilter)
  filter?: OrganisationFilter;

  @Field(() => OrganisationOrder, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrganisationOrder)
  orderBy?: OrganisationOrder;
}
