import { DataSource } from 'typeorm';

/** The database's current_date: the demo seed's due dates are relative to it. */
export async function databaseToday(dataSource: DataSource): Promise<string> {
  const [{ today }] = await dataSource.query(`SELECT current_date::text AS today`);
  return today;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

/** YYYY-MM-DD `days` after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
}

export interface JobRunRow {
  run_date: string;
  instance: string;
  started_at: Date;
  finished_at: Date | null;
}

export function digestRuns(dataSource: DataSource, date?: string): Promise<JobRunRow[]> {
  return dataSource.query(
    `SELECT run_date::text AS run_date, instance, started_at, finished_at FROM job_runs
      WHERE job = 'digest' AND ($1::date IS NULL OR run_date = $1::date) ORDER BY run_date`,
    [date ?? null],
  );
}

/** The stored digests of a day, with the user's email. */
export function storedDigests(dataSource: DataSource, date: string): Promise<{ email: string; content: any; created_at: Date }[]> {
  return dataSource.query(
    `SELECT u.email::text AS email, d.content, d.created_at FROM digests d JOIN users u ON u.id = d.user_id
      WHERE d.digest_date = $1::date ORDER BY u.email`,
    [date],
  );
}
