import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface ThrottleRow {
  key: string;
  /** Attempts still inside the window, oldest first. */
  attemptedAt: Date[];
}

/** How long attempts count: `seconds` for an address or an account from an address, `accountSeconds` for an account. */
export interface ThrottleWindows {
  seconds: number;
  accountSeconds: number;
}

/** The window of row `t` in seconds, by its key's kind, from the statement's parameters `seconds` and `accountSeconds`. */
const windowOfKey = (seconds: string, accountSeconds: string) => `CASE WHEN t.key LIKE 'account:%' THEN ${accountSeconds}::int ELSE ${seconds}::int END`;

/** SQL for login_throttle: one row per account, client address, and account from an address. */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Locks the rows of `keys` (creating missing ones) until the transaction
   * ends, drops attempts older than their window (an account's is longer),
   * and returns what is left with the database's clock, which every app
   * instance shares. Keys come sorted, so two logins lock in the same order
   * and cannot deadlock.
   */
  async lockRecent(db: EntityManager, keys: readonly string[], windows: ThrottleWindows): Promise<{ now: Date; rows: ThrottleRow[] }> {
    const rows: { key: string; attemptedAt: (Date | string)[]; now: Date | string }[] = await db.query(
      `INSERT INTO login_throttle AS t (key, expires_at)
       SELECT key, now() FROM unnest($1::text[]) AS key ORDER BY key
       ON CONFLICT (key) DO UPDATE SET attempted_at = ARRAY(
         SELECT a FROM unnest(t.attempted_at) AS a
          WHERE a > now() - make_interval(secs => ${windowOfKey('$2', '$3')}) ORDER BY a)
       RETURNING key, attempted_at AS "attemptedAt", date_trunc('milliseconds', now()) AS now`,
      [[...keys].sort(), windows.seconds, windows.accountSeconds],
    );
    return {
      now: new Date(rows[0].now),
      rows: rows.map((row) => ({ key: row.key, attemptedAt: row.attemptedAt.map((at) => new Date(at)) })),
    };
  }

  /** Adds an attempt at `at` to each key, keeping the newest `kept` attempts. */
  async record(db: EntityManager, keys: readonly string[], at: Date, windows: ThrottleWindows, kept: number): Promise<void> {
    await db.query(
      `UPDATE login_throttle AS t SET attempted_at = (attempted_at || $2::timestamptz)[greatest(1, cardinality(attempted_at) + 2 - $5):],
         expires_at = $2::timestamptz + make_interval(secs => ${windowOfKey('$3', '$4')})
       WHERE key = ANY($1::text[])`,
      [keys, at, windows.seconds, windows.accountSeconds, kept],
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
