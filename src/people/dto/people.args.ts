import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/graphql/page.args';
import { SortDirection } from '../../common/graphql/sort-direction.enum';
import { LowerCase } from './person-transforms';

export enum PersonOrderField {
  /** Family name, then given name. */
  NAME = 'NAME',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(PersonOrderField, { name: 'PersonOrderField' });

@InputType()
export class PersonFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Case- and accent-insensitive, each word a substring of "given family": "nicolo amico" finds "Nicolò D\'Amico"',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameContains?: string;

  @Field(() => String, { nullable: true, description: 'One of the email addresses, exactly, ignoring case' })
  @LowerCase()
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @Field(() => ID, { nullable: true, description: 'Only people with a current affiliation at this organisation' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId?: string;

  @Field({ defaultValue: false, description: 'Include archived people' })
  @IsBoolean()
  includeArchived: boolean = false;
}

@InputType()
export class PersonOrder {
  @Field(() => PersonOrderField, { defaultValue: PersonOrderField.NAME })
  @IsEnum(PersonOrderField)
  field: PersonOrderField = PersonOrderField.NAME;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  @IsEnum(SortDirection)
  direction: SortDirection = SortDirection.ASC;
}

@ArgsType()
export class PeopleArgs extends PageArgs {
  @Field(() => PersonFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonFilter)
  filter?: PersonFilter;

  @Field(() => PersonOrder, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonOrder)
  orderBy?: PersonOrder;
}
