import { Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { NormaliseTags, Trim, TrimToNull, UpperCase } from '../../common/validation/transforms';
import { OrganisationKind } from '../organisation-kind.enum';

@InputType()
export class CreateOrganisationInput {
  @Field()
  @Trim()
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  legalName?: string | null;

  @Field(() => OrganisationKind)
  @IsEnum(OrganisationKind)
  kind: OrganisationKind;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2, e.g. DE, IT' })
  @UpperCase()
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country?: string | null;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'NUTS 1-3 code, e.g. ITH5 for Emilia-Romagna' })
  @UpperCase()
  @IsOptional()
  @Matches(/^[A-Z]{2}[0-9A-Z]{0,3}$/, { message: 'nutsCode must be a NUTS code such as ITH5' })
  nutsCode?: string | null;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'http(s) URL' })
  @TrimToNull()
  @IsOptional()
  @MaxLength(500)
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'website must be an http(s) URL' })
  website?: string | null;

  @Field(() => [String], { nullable: true, description: 'Lower-cased and de-duplicated, e.g. ["automotive", "brakes"]' })
  @NormaliseTags()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(1, { each: true, message: 'each sector must not be empty' })
  @MaxLength(60, { each: true })
  sectors?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The parent organisation, e.g. Siemens AG for Siemens Italia' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string | null;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;
}
