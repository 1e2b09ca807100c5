import { Module } from '@nestjs/common';
import { LeadTagsResolver, MeetingTagsResolver, OrganisationTagsResolver, PersonTagsResolver } from './record-tags.resolver';
import { TagsRepository } from './tags.repository';
import { TagsResolver } from './tags.resolver';
import { TagsService } from './tags.service';

/** Tags on organisations, people, meetings and leads (attached by type and id). */
@Module({
  providers: [
    TagsRepository,
    TagsService,
    TagsResolver,
    OrganisationTagsResolver,
    PersonTagsResolver,
    MeetingTagsResolver,
    LeadTagsResolver,
  ],
  exports: [TagsService],
})
export class TagsModule {}
