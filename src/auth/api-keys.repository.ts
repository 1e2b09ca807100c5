import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiKeyRole } from './api-key-role.enum';
import { ApiKey } from './api-key.model';
import { User } from './user.model';
import { userColumns } from './users.repository';

const API_KEY_COLUMNS = `id, name, role, prefix, created_at AS "createdAt", expires_at AS "expiresAt",
  last_used_at AS "lastUsedAt", revoked_at AS "revokedAt", created_by AS "createdById"`;

export interface ApiKeyForAuthentication {
  keyId: string;
  keyName: string;
  keyRole: ApiKeyRole;
  secretHash: string;
  lastUsedAt: Date | null;
  creator: User;
}

/** SQL for API keys; returns plain rows. Only findUsable reads the hash. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the key; undefined when its prefix is taken (the caller draws another secret). */
  async insert(
    key: { name: string; role: ApiKeyRole; prefix: string; secretHash: string; createdById: string; expiresAt: Date | null },
    db: EntityManager,
  ): Promise<ApiKey | undefined> {
    const rows = await db.query(
      `INSERT INTO api_keys (name, role, prefix, secret_hash, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (prefix) DO NOTHING RETURNING ${API_KEY_COLUMNS}`,
      [key.name, key.role, key.prefix, key.secretHash, key.createdById, key.expiresAt],
    );
    return rows[0];
  }

  /**
   * The key with this prefix and its creator, in one query: only while the
   * key is neither revoked nor expired and its creator is enabled.
   */
  async findUsable(prefix: string): Promise<ApiKeyForAuthentication | undefined> {
    const rows = await this.dataSource.query(
      `SELECT k.id AS "keyId", k.name AS "keyName", k.role AS "keyRole", k.secret_hash AS "secretHash",
              k.last_used_at AS "lastUsedAt", ${userColumns('u')}
       FROM api_keys k JOIN users u ON u.id = k.created_by
       WHERE k.prefix = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
         AND u.disabled_at IS NULL`,
      [prefix],
    );
    if (rows.length === 0) return undefined;
    const { keyId, keyName, keyRole, secretHash, lastUsedAt, ...creator } = rows[0];
    return { keyId, keyName, keyRole, secretHash, lastUsedAt, creator };
  }

  /** Records a use; a no-op when another request (on any instance) recorded one within the minute. */
  async touch(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_keys SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }

  async list(includeRevoked: boolean): Promise<ApiKey[]> {
    return this.dataSource.query(
      `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE $1::boolean OR revoked_at IS NULL ORDER BY created_at DESC, id`,
      [includeRevoked],
    );
  }

  /** Revokes the key (keeping the first revocation time); undefined for an unknown id. */
  async revoke(id: string, db: EntityManager): Promise<ApiKey | undefined> {
    const rows = await db.query(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${API_KEY_COLUMNS}`,
      [id],
    );
    return rows[0][0];
  }
}
