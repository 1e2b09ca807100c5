import { ArgsType, Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';

/** Fields of a person a merge may take from the merged record instead of the survivor. */
export enum PersonMergeField {
  TITLE = 'TITLE',
  GIVEN_NAME = 'GIVEN_NAME',
  FAMILY_NAME = 'FAMILY_NAME',
  PREFERRED_LANGUAGE = 'PREFERRED_LANGUAGE',
  BACKGROUND = 'BACKGROUND',
}

registerEnumType(PersonMergeField, { name: 'PersonMergeField' });

/** Fields of an organisation a merge may take from the merged record instead of the survivor. */
export enum OrganisationMergeField {
  NAME = 'NAME',
  LEGAL_NAME = 'LEGAL_NAME',
  KIND = 'KIND',
  COUNTRY = 'COUNTRY',
  REGION = 'REGION',
  NUTS_CODE = 'NUTS_CODE',
  CITY = 'CITY',
  WEBSITE = 'WEBSITE',
  PARENT = 'PARENT',
  DESCRIPTION = 'DESCRIPTION',
}

registerEnumType(OrganisationMergeField, { name: 'OrganisationMergeField' });

@InputType()
export class MergeVersionsInput {
  @Field(() => Int, { description: 'The version of the survivor you last read' })
  @IsInt()
  @Min(1)
  survivor: number;

  @Field(() => Int, { description: 'The version of the merged record you last read' })
  @IsInt()
  @Min(1)
  merged: number;
}

@ArgsType()
class MergeArgs {
  @Field(() => ID, { description: 'The record that stays' })
  @IsUUID('all', { message: 'survivorId must be a UUID' })
  survivorId: string;

  @Field(() => ID, { description: 'The record absorbed into it; its id keeps answering for the survivor' })
  @IsUUID('all', { message: 'mergedId must be a UUID' })
  mergedId: string;

  @Field(() => MergeVersionsInput)
  @ValidateNested()
  @Type(() => MergeVersionsInput)
  expectedVersions: MergeVersionsInput;
}

@ArgsType()
export class MergePeopleArgs extends MergeArgs {
  @Field(() => [PersonMergeField], {
    nullable: true,
    description: "Fields to take from the merged person; the others keep the survivor's value unless it is empty",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEnum(PersonMergeField, { each: true })
  fieldChoices?: PersonMergeField[] | null;
}

@ArgsType()
export class MergeOrganisationsArgs extends MergeArgs {
  @Field(() => [OrganisationMergeField], {
    nullable: true,
    description: "Fields to take from the merged organisation; the others keep the survivor's value unless it is empty",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEnum(OrganisationMergeField, { each: true })
  fieldChoices?: OrganisationMergeField[] | null;
}

@ArgsType()
export class UnmergeArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'mergeId must be a UUID' })
  mergeId: string;
}
