import { Module } from '@nestjs/common';

/** Tags on organisations, people, meetings and leads (attached by type and id). */
@Module({})
export class TagsModule {}
