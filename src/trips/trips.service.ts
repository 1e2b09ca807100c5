import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { Trip } from './trip.model';
import { TripsRepository } from './trips.repository';

@Injectable()
export class TripsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: TripsRepository,
  ) {}

  /** The request's loader of Trips by id (null for an unknown id): one SQL statement per batch. */
  byId(loaders: LoaderRegistry) {
    return loaders.get<string, Trip | null>('trip.byId', async (ids) => byKeys(ids, await this.repository.findByIds(ids), (row) => row.id));
  }

  /** Batch read for per-request loaders. */
  findByIds(ids: readonly string[]): Promise<Trip[]> {
    return this.repository.findByIds(ids);
  }
}
