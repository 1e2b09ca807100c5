import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface ThrottleRow {
  key: string;
  /** Attempts still inside the window, oldest first. */
  attemptedAt: Date[];
}

/** SQL for login_throttle: one row per account or client address. */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Locks the rows of `keys` (creating missing ones) until the transaction
   * ends, drops attempts older than the window, and returns what is left with
   * the database's clock, which every app instance shares. Keys come sorted,
   * so two logins lock in the same order and cannot deadlock.
   */
  async lockRecent(db: EntityManager, keys: readonly string[], windowSeconds: number): Promise<{ now: Date; rows: ThrottleRow[] }> {
    const rows: { key: string; attemptedAt: (Date | string)[]; now: Date | string }[] = await db.query(
      `INSERT INTO login_throttle AS t (key, expires_at)
       SELECT key, now() FROM unnest($1::text[]) AS key ORDER BY key
       ON CONFLICT (key) DO UPDATE SET attempted_at = ARRAY(
         SELECT a FROM unnest(t.attempted_at) AS a WHERE a > now() - make_interval(secs => $2) ORDER BY a)
       RETURNING key, attempted_at AS "attemptedAt", date_trunc('milliseconds', now()) AS now`,
      [[...keys].sort(), windowSeconds],
    );
    return {
      now: new Date(rows[0].now),
      rows: rows.map((row) => ({ key: row.key, attemptedAt: row.attemptedAt.map((at) => new Date(at)) })),
    };
  }

  async record(db: EntityManager, keys: readonly string[], at: Date, windowSeconds: number): Promise<void> {
    await db.query(
      `UPDATE login_throttle SET attempted_at = attempted_at || $2::timestamptz,
         expires_at = $2::timestamptz + make_interval(secs => $3)
       WHERE key = ANY($1::text[])`,
      [keys, at, windowSeconds],
    );
  }

  /** Takes back one attempt made at `at` (others made in the same millisecond stay). */
  async forget(keys: readonly string[], at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE login_throttle
       SET attempted_at = attempted_at[:array_position(attempted_at, $2::timestamptz) - 1]
                       || attempted_at[array_position(attempted_at, $2::timestamptz) + 1:]
       WHERE key = ANY($1::text[]) AND $2::timestamptz = ANY(attempted_at)`,
      [keys, at],
    );
  }

  /** Deletes rows whose attempts have all left the window, skipping rows a login holds. */
  async deleteExpired(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_throttle WHERE key IN (
         SELECT key FROM login_throttle WHERE expires_at < now() LIMIT 1000 FOR UPDATE SKIP LOCKED)`,
    );
  }
}
