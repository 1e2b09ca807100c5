import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { User } from '../auth/user.model';
import { userColumns } from '../auth/users.repository';
import { Db } from '../database/table';
import { Meeting } from '../meetings/meeting.model';
import { meetingsTable } from '../meetings/meetings.repository';
import { Task } from '../tasks/task.model';
import { tasksTable } from '../tasks/tasks.repository';
import { CalendarFeed } from './calendar-feed.model';

const FEED_COLUMNS = `f.id, f.user_id AS "userId", f.name, f.created_at AS "createdAt", f.revoked_at AS "revokedAt"`;

/** SQL for calendar feeds; returns plain rows. Only the token's hash finds a feed, and no statement returns it. */
@Injectable()
export class CalendarFeedsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(db: Db, feed: { userId: string; name: string; tokenHash: string }): Promise<CalendarFeed> {
    const [row] = await db.query(
      `INSERT INTO calendar_feeds AS f (user_id, name, token_hash) VALUES ($1, $2, $3) RETURNING ${FEED_COLUMNS}`,
      [feed.userId, feed.name, feed.tokenHash],
    );
    return row;
  }

  /** The unrevoked feed with this token hash and its user, while the user is enabled. */
  async findUsable(tokenHash: string): Promise<User | undefined> {
    const rows: User[] = await this.dataSource.query(
      `SELECT ${userColumns('u')} FROM calendar_feeds f JOIN users u ON u.id = f.user_id
       WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND u.disabled_at IS NULL`,
      [tokenHash],
    );
    return rows[0];
  }

  listOf(userId: string, includeRevoked: boolean): Promise<CalendarFeed[]> {
    return this.dataSource.query(
      `SELECT ${FEED_COLUMNS} FROM calendar_feeds f WHERE f.user_id = $1 AND ($2::boolean OR f.revoked_at IS NULL)
       ORDER BY f.created_at DESC, f.id`,
      [userId, includeRevoked],
    );
  }

  /** Revokes the feed (keeping the first revocation time) if `ownerId` owns it, or for any owner when null; undefined otherwise. */
  async revoke(db: Db, id: string, ownerId: string | null): Promise<CalendarFeed | undefined> {
    const [rows] = await db.query(
      `UPDATE calendar_feeds AS f SET revoked_at = COALESCE(f.revoked_at, now())
       WHERE f.id = $1 AND ($2::uuid IS NULL OR f.user_id = $2::uuid) RETURNING ${FEED_COLUMNS}`,
      [id, ownerId],
    );
    return rows[0];
  }

  /**
   * The user's unarchived meetings the current viewer may see: those a person
   * with the user's email takes part in (people_emails_idx), and those the
   * user logged. All of them, past ones too: a subscribed calendar drops
   * whatever the feed stops serving.
   */
  meetingsOf(user: { id: string; email: string }): Promise<Meeting[]> {
    return this.dataSource.query(
      `SELECT ${meetingsTable.select} FROM ${meetingsTable.from}
       WHERE m.archived_at IS NULL AND ${meetingsTable.visible()}
         AND (m.logged_by = $1 OR m.id IN (
           SELECT mp.meeting_id FROM meeting_participants mp JOIN people p ON p.id = mp.person_id
           WHERE p.emails @> jsonb_build_array(jsonb_build_object('address', lower($2::text)))))
       ORDER BY m.starts_at, m.id`,
      [user.id, user.email],
    );
  }

  /** The user's open, dated, unarchived tasks the current viewer may see, by due date. */
  openTasksOf(userId: string): Promise<Task[]> {
    return this.dataSource.query(
      `SELECT ${tasksTable.select} FROM ${tasksTable.from}
       WHERE t.assignee_id = $1 AND t.status = 'OPEN' AND t.due_date IS NOT NULL AND t.archived_at IS NULL AND ${tasksTable.visible()}
       ORDER BY t.due_date, t.id`,
      [userId],
    );
  }
}
