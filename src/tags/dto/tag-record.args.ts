import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { RecordType } from '../../common/graphql/record-type.enum';
import { NormaliseTags } from '../../common/validation/transforms';

export const MAX_TAG_LENGTH = 60;

@ArgsType()
export class TagRecordArgs {
  @Field(() => RecordType)
  @IsEnum(RecordType)
  recordType: RecordType;

  @Field(() => ID)
  @IsUUID('all', { message: 'recordId must be a UUID' })
  recordId: string;

  @Field(() => [String], { description: `Trimmed and lower-cased, 1 to ${MAX_TAG_LENGTH} characters each` })
  @NormaliseTags()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true, message: 'each tag must not be empty' })
  @MaxLength(MAX_TAG_LENGTH, { each: true })
  tags: string[];
}
