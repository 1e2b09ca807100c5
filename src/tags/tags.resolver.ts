import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import { User } from '../auth/user.model';
import { TagRecordArgs } from './dto/tag-record.args';
import { TagsArgs } from './dto/tags.args';
import { TagCount } from './tag-count.model';
import { TagsService } from './tags.service';

@Resolver()
export class TagsResolver {
  constructor(private readonly service: TagsService) {}

  @Query(() => [TagCount], { description: 'Tags in use with their usage counts, most used first (autocomplete)' })
  tags(@Args() args: TagsArgs): Promise<TagCount[]> {
    return this.service.usage(args);
  }

  @Mutation(() => [String], { description: "Adds tags (trimmed, lower-cased; idempotent) and answers the record's tags, sorted" })
  tagRecord(@Args() args: TagRecordArgs, @CurrentUser() user: User): Promise<string[]> {
    return this.service.tag(args, user.id);
  }

  @Mutation(() => [String], { description: "Removes tags and answers the record's remaining tags, sorted" })
  untagRecord(@Args() args: TagRecordArgs): Promise<string[]> {
    return this.service.untag(args);
  }
}
