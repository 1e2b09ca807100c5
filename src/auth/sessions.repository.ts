import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { User } from './user.model';
import { userColumns } from './users.repository';

export type SessionRevokeReason =
  | 'LOGOUT'
  | 'LOGOUT_EVERYWHERE'
  | 'REFRESH_REUSE'
  | 'PASSWORD_CHANGE'
  | 'PASSWORD_RESET'
  | 'USER_DISABLED';

export interface SessionForRefresh {
  refreshTokenHash: string;
  expiresAt: Date;
  /** Neither revoked nor expired, and its user is enabled. */
  live: boolean;
  user: User;
}

/** SQL for sessions; returns plain rows. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    session: { id: string; userId: string; refreshTokenHash: string; expiresAt: Date },
    db: EntityManager,
  ): Promise<void> {
    await db.query(`INSERT INTO sessions (id, user_id, refresh_token_hash, expires_at) VALUES ($1, $2, $3, $4)`, [
      session.id,
      session.userId,
      session.refreshTokenHash,
      session.expiresAt,
    ]);
  }

  /**
   * The user of an access token, in the one query each request makes: found
   * only while the session is live and the user enabled, so logout and
   * disabling take effect on the next request.
   */
  async findUserOfLiveSession(sessionId: string, userId: string): Promise<User | undefined> {
    const rows = await this.dataSource.query(
      `SELECT ${userColumns('u')} FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [sessionId, userId],
    );
    return rows[0];
  }

  /** Locks the session, so concurrent refreshes with one token (on any instance) take turns. */
  async lockForRefresh(sessionId: string, db: EntityManager): Promise<SessionForRefresh | undefined> {
    const rows = await db.query(
      `SELECT s.refresh_token_hash AS "refreshTokenHash", s.expires_at AS "expiresAt",
              s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL AS live, ${userColumns('u')}
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 FOR UPDATE OF s`,
      [sessionId],
    );
    if (rows.length === 0) return undefined;
    const { refreshTokenHash, expiresAt, live, ...user } = rows[0];
    return { refreshTokenHash, expiresAt, live, user };
  }

  async rotate(sessionId: string, refreshTokenHash: string, db: EntityManager): Promise<void> {
    await db.query(`UPDATE sessions SET refresh_token_hash = $2, last_used_at = now() WHERE id = $1`, [
      sessionId,
      refreshTokenHash,
    ]);
  }

  async revoke(sessionId: string, reason: SessionRevokeReason, db: EntityManager): Promise<void> {
    await db.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
      reason,
    ]);
  }

  /** Revokes the user's live sessions, except one (the caller's) when given; returns how many. */
  async revokeAllOfUser(
    userId: string,
    reason: SessionRevokeReason,
    db: EntityManager,
    exceptSessionId: string | null = null,
  ): Promise<number> {
    const [, count] = await db.query(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2
       WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [userId, reason, exceptSessionId],
    );
    return count;
  }
}
