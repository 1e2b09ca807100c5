import { Module } from '@nestjs/common';
import { MergesRepository } from './merges.repository';
import { MergesResolver, OrganisationMergesResolver, PersonMergesResolver } from './merges.resolver';
import { MergesService } from './merges.service';

/** Merging people and organisations and undoing it; reads and writes the link tables of every feature, and nothing depends on it. */
@Module({
  providers: [MergesRepository, MergesService, MergesResolver, PersonMergesResolver, OrganisationMergesResolver],
})
export class MergesModule {}
