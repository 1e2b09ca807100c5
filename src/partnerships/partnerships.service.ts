import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { Partnership } from './partnership.model';
import { PartnershipsRepository } from './partnerships.repository';

@Injectable()
export class PartnershipsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PartnershipsRepository,
  ) {}

  /** The request's loader of Partnerships by id (null for an unknown id): one SQL statement per batch. */
  byId(loaders: LoaderRegistry) {
    return loaders.get<string, Partnership | null>('partnership.byId', async (ids) => byKeys(ids, await this.repository.findByIds(ids), (row) => row.id));
  }

  /** Batch read for per-request loaders. */
  findByIds(ids: readonly string[]): Promise<Partnership[]> {
    return this.repository.findByIds(ids);
  }
}
