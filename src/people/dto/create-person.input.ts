import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsISO31661Alpha2,
  IsISO6391,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsLocalDate } from '../../common/validation/dates';
import { Trim, TrimToNull, UpperCase } from '../../common/validation/transforms';
import { IsPhoneNumberWithCountry } from '../phone-numbers';
import { LowerCase, NormaliseName } from './person-transforms';

@InputType()
export class EmailAddressInput {
  @Field({ description: 'Stored lower-cased' })
  @LowerCase()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'address must be an email address' })
  address: string;

  @Field(() => String, { nullable: true, description: 'e.g. work, private' })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  label?: string | null;

  @Field({ defaultValue: false, description: 'At most one address is primary; when none is marked, the first one is' })
  @IsBoolean()
  primary: boolean = false;
}

@InputType()
export class PhoneNumberInput {
  @Field({ description: 'As written on the card, e.g. "+39 0522 1234567"; stored in E.164 ("+3905221234567")' })
  @Trim()
  @IsString()
  @MaxLength(40)
  @IsPhoneNumberWithCountry('defaultCountry')
  number: string;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 3166-1 alpha-2 country for a number written without country code, e.g. IT for "0522 1234567"',
  })
  @UpperCase()
  @IsOptional()
  @IsISO31661Alpha2({ message: 'defaultCountry must be an ISO 3166-1 alpha-2 country code' })
  defaultCountry?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. mobile, office' })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  label?: string | null;

  @Field({ defaultValue: false, description: 'At most one number is primary; when none is marked, the first one is' })
  @IsBoolean()
  primary: boolean = false;
}

/** An affiliation given with a new person: the person is implied. */
@InputType()
export class PersonAffiliationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId: string;

  @Field(() => String, { nullable: true, description: 'e.g. Head of R&D' })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  jobTitle?: string | null;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  department?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsLocalDate()
  startDate?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, not before startDate; empty while current' })
  @IsOptional()
  @IsLocalDate()
  endDate?: string | null;

  @Field({ defaultValue: false, description: "The person's main current affiliation; marking one unmarks the others" })
  @IsBoolean()
  isPrimary: boolean = false;
}

@InputType()
export class CreatePersonInput {
  @Field(() => String, { nullable: true, description: 'Dr., Prof., Ing.' })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  title?: string | null;

  @Field()
  @NormaliseName()
  @IsString()
  @MinLength(1, { message: 'givenName must not be empty' })
  @MaxLength(100)
  givenName: string;

  @Field()
  @NormaliseName()
  @IsString()
  @MinLength(1, { message: 'familyName must not be empty' })
  @MaxLength(100)
  familyName: string;

  @Field(() => [EmailAddressInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EmailAddressInput)
  emails?: EmailAddressInput[] | null;

  @Field(() => [PhoneNumberInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PhoneNumberInput)
  phones?: PhoneNumberInput[] | null;

  @Field(() => String, { nullable: true, description: 'ISO 639-1, e.g. de, it, en' })
  @LowerCase()
  @IsOptional()
  @IsISO6391({ message: 'preferredLanguage must be an ISO 639-1 language code such as de, it or en' })
  preferredLanguage?: string | null;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  background?: string | null;

  @Field(() => [PersonAffiliationInput], { nullable: true, description: 'Organisations the person works at now or did' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PersonAffiliationInput)
  affiliations?: PersonAffiliationInput[] | null;
}
