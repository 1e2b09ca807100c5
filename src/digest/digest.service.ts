import { Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { asViewer } from '../access/access-policy';
import { LoaderRegistry } from '../common/dataloader/loader-registry';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/table';
import { Lead } from '../leads/lead.model';
import { LeadsService } from '../leads/leads.service';
import { Task } from '../tasks/task.model';
import { TasksService } from '../tasks/tasks.service';
import { Digest, DigestRun, DigestTaskEntry, DigestStaleLead } from './digest.model';
import { DigestRepository } from './digest.repository';
import { localDate } from './digest-schedule';

/** The job name of the daily digest in job_runs. */
export const DIGEST_JOB = 'digest';

const isLive = <T extends { archivedAt: Date | null }>(record: T | null | Error): record is T =>
  !!record && !(record instanceof Error) && record.archivedAt === null;

@Injectable()
export class DigestService {
  /** Names this process in job_runs, so operations can tell which instance built a day. */
  readonly instance = `${hostname()}:${process.pid}`;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DigestRepository,
    private readonly config: AppConfig,
    private readonly tasks: TasksService,
    private readonly leads: LeadsService,
  ) {}

  /** Today's date in DIGEST_TIME_ZONE. */
  today(now = new Date()): string {
    return localDate(now, this.config.DIGEST_TIME_ZONE);
  }

  /**
   * The scheduled run: builds the day's digests unless a run of any instance
   * already claimed the day; null when skipped. Claim and build share one
   * transaction, so a failed build leaves the day unclaimed for a retry.
   */
  runScheduled(date = this.today()): Promise<DigestRun | null> {
    return this.dataSource.transaction(async (db) => {
      if (!(await this.repository.claimRun(db, DIGEST_JOB, date, this.instance))) return null;
      return this.buildIn(db, date);
    });
  }

  /** For operations (runDigestNow): rebuilds the day's digests whether or not they were built. */
  rebuild(date = this.today()): Promise<DigestRun> {
    return this.dataSource.transaction(async (db) => {
      await this.repository.reclaimRun(db, DIGEST_JOB, date, this.instance);
      return this.buildIn(db, date);
    });
  }

  /** The user's stored digest of the day (today when omitted), null when none was built. */
  async findMine(userId: string, date?: string | null): Promise<Digest | null> {
    return (await this.repository.findDigest(userId, date ?? this.today())) ?? null;
  }

  /** The digest's tasks as they are now, through the request's loader; archived or deleted ones are left out. */
  async liveTasks(entries: DigestTaskEntry[], loaders: LoaderRegistry): Promise<Task[]> {
    const tasks = await this.tasks.byId(loaders).loadMany(entries.map((entry) => entry.id));
    return tasks.filter(isLive);
  }

  async liveStaleLeads(digest: Digest, loaders: LoaderRegistry): Promise<DigestStaleLead[]> {
    const entries = digest.content.staleLeads;
    const leads = await this.leads.byId(loaders).loadMany(entries.map((entry) => entry.id));
    return entries.flatMap((entry, i) => {
      const lead = leads[i];
      return isLive<Lead>(lead) ? [{ lead, lastActivityAt: new Date(entry.lastActivityAt), daysSilent: entry.daysSilent }] : [];
    });
  }

  /**
   * Replaces the day's digests, each built as its user (whoever started the
   * run, the timer or an admin): a digest holds only what its reader may see.
   */
  private async buildIn(db: Db, date: string): Promise<DigestRun> {
    await this.repository.deleteDigests(db, date);
    const users = await this.repository.activeUsers(db);
    for (const user of users) {
      await asViewer({ kind: 'USER', userId: user.id, role: user.role }, () =>
        this.repository.buildDigest(db, user.id, date, this.config.DIGEST_TIME_ZONE, this.config.DIGEST_STALE_DAYS),
      );
    }
    const run = await this.repository.finishRun(db, DIGEST_JOB, date);
    return { ...run, digestCount: users.length };
  }
}
