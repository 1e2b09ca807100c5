import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { Task } from './task.model';
import { TasksRepository } from './tasks.repository';

@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: TasksRepository,
  ) {}

  /** The request's loader of Tasks by id (null for an unknown id): one SQL statement per batch. */
  byId(loaders: LoaderRegistry) {
    return loaders.get<string, Task | null>('task.byId', async (ids) => byKeys(ids, await this.repository.findByIds(ids), (row) => row.id));
  }

  /** Batch read for per-request loaders. */
  findByIds(ids: readonly string[]): Promise<Task[]> {
    return this.repository.findByIds(ids);
  }
}
