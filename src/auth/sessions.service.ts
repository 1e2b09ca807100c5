import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { LiaisonException } from '../common/errors/liaison.exception';
import { AppConfig } from '../config/app-config';
import { Principal } from './principal';
import { hashesEqual, newRefreshToken, sessionIdOfRefreshToken, sha256Hex } from './secrets';
import { SessionsRepository } from './sessions.repository';
import { AuthPayload, User } from './user.model';

interface AccessTokenClaims {
  sub: string;
  sid: string;
}

const INVALID_TOKEN = 'Invalid or expired token';
const INVALID_REFRESH_TOKEN = 'Invalid or expired refresh token';

/**
 * Sessions: a login gives a short-lived access token (a JWT naming the user
 * and the session) and a refresh token that works once. Everything lives in
 * the database, so any app instance can refresh, and logout or disabling a
 * user ends the session on every instance at the next request.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsRepository,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  /** Starts a session for a user who just proved their password. */
  async start(user: User): Promise<AuthPayload> {
    const sessionId = randomUUID();
    const refreshToken = newRefreshToken(sessionId);
    const refreshExpiresAt = new Date(Date.now() + this.config.SESSION_TTL_DAYS * 24 * 60 * 60 * 1000);
    await this.dataSource.transaction((db) =>
      this.sessions.insert(
        { id: sessionId, userId: user.id, refreshTokenHash: sha256Hex(refreshToken), expiresAt: refreshExpiresAt },
        db,
      ),
    );
    return { ...(await this.accessToken(user.id, sessionId)), refreshToken, refreshExpiresAt, user };
  }

  /**
   * Exchanges a refresh token for a new pair; the old one stops working.
   * Presenting a token that was already exchanged means two parties hold the
   * session (one of them stole it), so the whole session is revoked.
   */
  async refresh(refreshToken: string): Promise<AuthPayload> {
    const sessionId = sessionIdOfRefreshToken(refreshToken);
    if (!sessionId) throw LiaisonException.unauthenticated(INVALID_REFRESH_TOKEN);
    // The revocation on reuse must commit, so the transaction returns the verdict and the error is thrown after it.
    const outcome = await this.dataSource.transaction(async (db) => {
      const session = await this.sessions.lockForRefresh(sessionId, db);
      if (!session?.live) return { result: 'invalid' as const };
      if (!hashesEqual(session.refreshTokenHash, sha256Hex(refreshToken))) {
        await this.sessions.revoke(sessionId, 'REFRESH_REUSE', db);
        return { result: 'reused' as const };
      }
      const next = newRefreshToken(sessionId);
      await this.sessions.rotate(sessionId, sha256Hex(next), db);
      return { result: 'rotated' as const, next, user: session.user, expiresAt: session.expiresAt };
    });
    if (outcome.result === 'reused') {
      this.logger.warn(`A refresh token of session ${sessionId} was used twice: session revoked`);
    }
    if (outcome.result !== 'rotated') throw LiaisonException.unauthenticated(INVALID_REFRESH_TOKEN);
    return {
      ...(await this.accessToken(outcome.user.id, sessionId)),
      refreshToken: outcome.next,
      refreshExpiresAt: outcome.expiresAt,
      user: outcome.user,
    };
  }

  /** The caller behind an access token: UNAUTHENTICATED when invalid, expired, logged out or the user is disabled. */
  async authenticate(token: string): Promise<Principal> {
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims> & object>(token);
    } catch {
      throw LiaisonException.unauthenticated(INVALID_TOKEN);
    }
    // Tokens from before sessions existed carry no sid: they end like any other unknown session.
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
      throw LiaisonException.unauthenticated(INVALID_TOKEN);
    }
    const user = await this.sessions.findUserOfLiveSession(claims.sid, claims.sub);
    if (!user) throw LiaisonException.unauthenticated(INVALID_TOKEN);
    return {
      kind: 'USER',
      id: user.id,
      role: user.role,
      userId: user.id,
      user,
      sessionId: claims.sid,
      apiKeyId: null,
      apiKeyName: null,
    };
  }

  /** Ends the caller's session: its refresh token and its access tokens stop working. */
  async logout(principal: Principal): Promise<boolean> {
    const sessionId = this.sessionOf(principal);
    await this.dataSource.transaction((db) => this.sessions.revoke(sessionId, 'LOGOUT', db));
    return true;
  }

  /** Ends every session of the caller, this one included. */
  async logoutEverywhere(principal: Principal): Promise<boolean> {
    this.sessionOf(principal);
    await this.dataSource.transaction((db) => this.sessions.revokeAllOfUser(principal.userId, 'LOGOUT_EVERYWHERE', db));
    return true;
  }

  private sessionOf(principal: Principal): string {
    if (!principal.sessionId) throw LiaisonException.forbidden('API keys have no session');
    return principal.sessionId;
  }

  private async accessToken(userId: string, sessionId: string): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.config.JWT_TTL_SECONDS * 1000);
    const token = await this.jwt.signAsync({ sub: userId, sid: sessionId } satisfies AccessTokenClaims, {
      expiresIn: this.config.JWT_TTL_SECONDS,
    });
    return { token, expiresAt };
  }
}
