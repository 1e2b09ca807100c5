import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '../config/app-config';
import { DigestRun } from './digest.model';
import { DigestService } from './digest.service';
import { catchUpIsDue } from './digest-schedule';

/**
 * Starts the daily digest at DIGEST_CRON in DIGEST_TIME_ZONE on every app
 * instance; the claim in job_runs lets one of them build it. After a start
 * past today's scheduled time it runs at once, in case the run was missed.
 */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Digest');
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly digests: DigestService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.digestEnabled) return;
    const job = CronJob.from({
      cronTime: this.config.DIGEST_CRON,
      timeZone: this.config.DIGEST_TIME_ZONE,
      onTick: () => this.inBackground(this.digests.runScheduled(), 'scheduled'),
      start: true,
    });
    this.registry.addCronJob('digest', job);
    this.inBackground(this.catchUp(), 'catch-up');
  }

  /** Lets a run in progress commit before the database connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** Today's run, if today's scheduled time has passed; null when not due or already made. */
  async catchUp(now = new Date()): Promise<DigestRun | null> {
    if (!catchUpIsDue(now, this.config.DIGEST_CRON, this.config.DIGEST_TIME_ZONE)) return null;
    return this.digests.runScheduled(this.digests.today(now));
  }

  /** A failed run is logged, never thrown into the timer; the next start or tick can retry it. */
  private inBackground(run: Promise<DigestRun | null>, reason: string): void {
    const tracked = run.then(
      (result) => {
        if (result) this.logger.log(`Built ${result.digestCount} digests for ${result.date} (${reason})`);
      },
      (error: unknown) => this.logger.error(`Digest run (${reason}) failed: ${error instanceof Error ? error.stack : String(error)}`),
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}
