import { ArgsType, Field } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageArgs } from '../../common/graphql/page.args';
import { SearchType } from '../search-type.enum';

@ArgsType()
export class SearchArgs extends PageArgs {
  @Field({ description: 'What the user typed: words (folded, prefixes and typos allowed), an email address or domain, or a phone number' })
  @IsString()
  @MaxLength(200)
  query: string;

  @Field(() => [SearchType], { nullable: true, description: 'Only these kinds of record (all when left out)' })
  @IsOptional()
  @IsEnum(SearchType, { each: true })
  @ArrayMaxSize(6)
  types?: SearchType[];
}
