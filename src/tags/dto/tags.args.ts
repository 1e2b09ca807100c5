import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { RecordType } from '../../common/graphql/record-type.enum';
import { MAX_PAGE_SIZE } from '../../common/graphql/page.args';
import { MAX_TAG_LENGTH } from './tag-record.args';

@ArgsType()
export class TagsArgs {
  @Field(() => String, { nullable: true, description: 'Tags starting with this text (case-insensitive), for autocomplete' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TAG_LENGTH)
  prefix?: string;

  @Field(() => RecordType, { nullable: true, description: 'Only tags used on this type of record' })
  @IsOptional()
  @IsEnum(RecordType)
  recordType?: RecordType;

  @Field(() => Int, { defaultValue: 25, description: `How many tags, most used first; 1 to ${MAX_PAGE_SIZE}` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first = 25;
}
