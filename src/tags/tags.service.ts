import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { groupByKeys, LoaderRegistry } from '../common/dataloader/loader-registry';
import { LiaisonException } from '../common/errors/liaison.exception';
import { RecordType } from '../common/graphql/record-type.enum';
import { Db } from '../database/table';
import { TagRecordArgs } from './dto/tag-record.args';
import { TagsArgs } from './dto/tags.args';
import { TagCount } from './tag-count.model';
import { TagsRepository } from './tags.repository';

@Injectable()
export class TagsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: TagsRepository,
  ) {}

  /** Per request and record type: each record's tags, sorted. */
  tagsOf(loaders: LoaderRegistry, recordType: RecordType) {
    return loaders.get<string, string[]>(`tags.${recordType}`, async (ids) => {
      const rows = await this.repository.findOnRecords(recordType, ids);
      return groupByKeys(ids, rows, (row) => row.recordId).map((tags) => tags.map((row) => row.tag));
    });
  }

  /** Adds tags (idempotent) and answers the record's tags. */
  tag({ recordType, recordId, tags }: TagRecordArgs, userId: string): Promise<string[]> {
    return this.dataSource.transaction(async (db) => {
      await this.assertRecordExists(db, recordType, recordId);
      await this.repository.add(db, recordType, recordId, tags, userId);
      return this.tagsIn(db, recordType, recordId);
    });
  }

  /** Removes tags (absent ones are ignored) and answers the record's tags. */
  untag({ recordType, recordId, tags }: TagRecordArgs): Promise<string[]> {
    return this.dataSource.transaction(async (db) => {
      await this.assertRecordExists(db, recordType, recordId);
      await this.repository.remove(db, recordType, recordId, tags);
      return this.tagsIn(db, recordType, recordId);
    });
  }

  usage(args: TagsArgs): Promise<TagCount[]> {
    return this.repository.countUsage({ ...args, prefix: args.prefix?.trim().toLowerCase() });
  }

  private async tagsIn(db: Db, recordType: RecordType, recordId: string): Promise<string[]> {
    return (await this.repository.findOnRecords(recordType, [recordId], db)).map((row) => row.tag);
  }

  private async assertRecordExists(db: Db, recordType: RecordType, recordId: string): Promise<void> {
    if (!(await this.repository.recordExists(db, recordType, recordId))) {
      throw LiaisonException.badInput('recordId', `No ${recordType.toLowerCase()} with id ${recordId}`);
    }
  }
}
