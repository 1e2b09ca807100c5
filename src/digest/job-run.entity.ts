import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One run of a scheduled job for one day. The primary key is the claim: the
 * app instance whose INSERT creates the row does the day's work, every other
 * instance finds it there and skips.
 */
@Entity({ name: 'job_runs' })
export class JobRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 60, primaryKeyConstraintName: 'job_runs_pkey' })
  job: string;

  @PrimaryColumn({ name: 'run_date', type: 'date', primaryKeyConstraintName: 'job_runs_pkey' })
  runDate: string;

  @Column({ name: 'started_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  startedAt: Date;

  /** Set in the run's own transaction, so a committed row always has it. */
  @Column({ name: 'finished_at', type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;

  /** Which app instance ran it (host name and process id), for operations. */
  @Column({ type: 'varchar', length: 200 })
  instance: string;
}
