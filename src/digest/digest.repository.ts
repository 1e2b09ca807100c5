import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { taskVisibleSql, visibleSql } from '../access/access-policy';
import { Role } from '../auth/role.enum';
import { Db } from '../database/table';
import { DigestContent } from './digest.model';

export interface JobRunRow {
  date: string;
  startedAt: Date;
  finishedAt: Date;
  instance: string;
}

export interface DigestUser {
  id: string;
  role: Role;
}

export interface DigestRow {
  date: string;
  generatedAt: Date;
  content: DigestContent;
}

const TASK_ENTRY = `jsonb_build_object('id', t.id, 'title', t.title, 'dueDate', t.due_date)`;
const TASK_ORDER = `ORDER BY t.due_date, t.created_at, t.id`;

/**
 * User $4's digest for day $1: OPEN unarchived tasks assigned to them due
 * that day or before, and their open (not WON or LOST) unarchived leads
 * silent for $3 days or more. A lead's last activity is the latest of its own
 * update, a stage change, a task on it created or completed, and a note on
 * it; its days of silence count local dates in zone $2. Built for the current
 * viewer (the service runs it as user $4): a task or a task's activity on a
 * record they may not see leaves no trace.
 */
function buildDigestSql(): string {
  return `
WITH due AS (
  SELECT jsonb_agg(${TASK_ENTRY} ${TASK_ORDER}) FILTER (WHERE t.due_date = $1::date) AS due_today,
         jsonb_agg(${TASK_ENTRY} ${TASK_ORDER}) FILTER (WHERE t.due_date < $1::date) AS overdue
    FROM tasks t
   WHERE t.assignee_id = $4::uuid AND t.status = 'OPEN' AND t.archived_at IS NULL AND t.due_date <= $1::date
     AND ${taskVisibleSql('t')}
), lead_activity AS (
  SELECT l.id, l.title,
         GREATEST(l.updated_at, stage.changed_at, task.created_at, task.completed_at, note.created_at) AS last_activity_at
    FROM leads l
    LEFT JOIN LATERAL (SELECT max(c.changed_at) AS changed_at FROM lead_stage_changes c WHERE c.lead_id = l.id) stage ON true
    LEFT JOIN LATERAL (SELECT max(lt.created_at) AS created_at, max(lt.completed_at) AS completed_at
                         FROM tasks lt WHERE lt.lead_id = l.id AND ${taskVisibleSql('lt')}) task ON true
    LEFT JOIN LATERAL (SELECT max(n.created_at) AS created_at FROM notes n
                        WHERE n.record_type = 'LEAD' AND n.record_id = l.id) note ON true
   WHERE l.owner_id = $4::uuid AND l.stage NOT IN ('WON', 'LOST') AND l.archived_at IS NULL AND ${visibleSql('LEAD', 'l')}
), stale AS (
  SELECT jsonb_agg(jsonb_build_object('id', a.id, 'title', a.title, 'lastActivityAt', a.last_activity_at, 'daysSilent', a.days_silent)
                   ORDER BY a.last_activity_at, a.id) AS leads
    FROM (SELECT la.*, $1::date - (la.last_activity_at AT TIME ZONE $2)::date AS days_silent FROM lead_activity la) a
   WHERE a.days_silent >= $3
)
INSERT INTO digests (user_id, digest_date, content)
SELECT $4::uuid, $1::date, jsonb_build_object(
         'tasksDueToday', COALESCE(due.due_today, '[]'::jsonb),
         'overdueTasks', COALESCE(due.overdue, '[]'::jsonb),
         'staleLeads', COALESCE(stale.leads, '[]'::jsonb))
  FROM due, stale`;
}

const RUN_COLUMNS = `run_date::text AS date, started_at AS "startedAt", finished_at AS "finishedAt", instance`;

/** SQL for digests and their daily runs: plain rows, one statement per call. */
@Injectable()
export class DigestRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the job's run for the day: true for the one caller whose row went
   * in. A concurrent claim waits for the first one's transaction and then
   * finds the row (DO NOTHING); if that transaction rolled back, it claims.
   */
  async claimRun(db: Db, job: string, date: string, instance: string): Promise<boolean> {
    const rows = await db.query(
      `INSERT INTO job_runs (job, run_date, instance) VALUES ($1, $2::date, $3)
       ON CONFLICT (job, run_date) DO NOTHING RETURNING job`,
      [job, date, instance],
    );
    return rows.length === 1;
  }

  /** Takes the day's run over for a rebuild; waits for a run of the same day in progress. */
  async reclaimRun(db: Db, job: string, date: string, instance: string): Promise<void> {
    await db.query(
      `INSERT INTO job_runs (job, run_date, instance) VALUES ($1, $2::date, $3)
       ON CONFLICT (job, run_date) DO UPDATE SET started_at = now(), finished_at = NULL, instance = EXCLUDED.instance`,
      [job, date, instance],
    );
  }

  async finishRun(db: Db, job: string, date: string): Promise<JobRunRow> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [[row]] = await db.query(
      `UPDATE job_runs SET finished_at = clock_timestamp() WHERE job = $1 AND run_date = $2::date RETURNING ${RUN_COLUMNS}`,
      [job, date],
    );
    return row;
  }

  /** The users who get a digest: every active one. */
  activeUsers(db: Db): Promise<DigestUser[]> {
    return db.query(`SELECT id, role FROM users WHERE disabled_at IS NULL ORDER BY id`);
  }

  async deleteDigests(db: Db, date: string): Promise<void> {
    await db.query(`DELETE FROM digests WHERE digest_date = $1::date`, [date]);
  }

  /** Stores one user's digest of the day, as the current viewer sees their records. */
  async buildDigest(db: Db, userId: string, date: string, timeZone: string, staleDays: number): Promise<void> {
    await db.query(buildDigestSql(), [date, timeZone, staleDays, userId]);
  }

  async findDigest(userId: string, date: string): Promise<DigestRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT digest_date::text AS date, created_at AS "generatedAt", content
         FROM digests WHERE user_id = $1 AND digest_date = $2::date`,
      [userId, date],
    );
    return row;
  }
}
