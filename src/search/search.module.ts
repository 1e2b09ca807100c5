import { Module } from '@nestjs/common';
import { SearchRepository } from './search.repository';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

/** Search across every kind of record; reads the other features' tables and is read by nothing. */
@Module({
  providers: [SearchRepository, SearchService, SearchResolver],
})
export class SearchModule {}
