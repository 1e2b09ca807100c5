import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { Meeting } from './meeting.model';
import { MeetingsRepository } from './meetings.repository';

@Injectable()
export class MeetingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: MeetingsRepository,
  ) {}

  /** The request's loader of Meetings by id (null for an unknown id): one SQL statement per batch. */
  byId(loaders: LoaderRegistry) {
    return loaders.get<string, Meeting | null>('meeting.byId', async (ids) => byKeys(ids, await this.repository.findByIds(ids), (row) => row.id));
  }

  /** Batch read for per-request loaders. */
  findByIds(ids: readonly string[]): Promise<Meeting[]> {
    return this.repository.findByIds(ids);
  }
}
