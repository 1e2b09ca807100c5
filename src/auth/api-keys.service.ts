import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LiaisonException } from '../common/errors/liaison.exception';
import { ROLE_OF_API_KEY } from './api-key-role.enum';
import { ApiKey, CreatedApiKey } from './api-key.model';
import { ApiKeysRepository } from './api-keys.repository';
import { CreateApiKeyInput } from './dto/api-key.input';
import { Principal, weakerRole } from './principal';
import { hashesEqual, newApiKeySecret, prefixOfApiKey, sha256Hex } from './secrets';
import { User } from './user.model';

const INVALID_KEY = 'Invalid, expired or revoked API key';
const LAST_USED_RESOLUTION_MS = 60 * 1000;

/**
 * API keys for integrations. A key acts for the admin who created it, with
 * its own role capped at that admin's current role; it stops working when
 * revoked, expired, or while its creator is disabled.
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeysRepository,
  ) {}

  /** Creates a key; its secret is in this result only. */
  async create(creator: User, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const expiresAt = input.expiresAt ?? null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw LiaisonException.badInput('input.expiresAt', 'expiresAt must be in the future');
    }
    const created = await this.dataSource.transaction(async (db) => {
      // The prefix is random and short; on the rare clash draw another secret.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const { prefix, secret } = newApiKeySecret();
        const apiKey = await this.keys.insert(
          { name: input.name, role: input.role, prefix, secretHash: sha256Hex(secret), createdById: creator.id, expiresAt },
          db,
        );
        if (apiKey) return { apiKey, secret };
      }
      throw new Error('Could not draw an unused API key prefix');
    });
    this.logger.log(`Created API key ${created.apiKey.id} (${created.apiKey.role}) by user ${creator.id}`);
    return created;
  }

  list(includeRevoked: boolean): Promise<ApiKey[]> {
    return this.keys.list(includeRevoked);
  }

  /** Revokes a key at once; revoking a revoked key changes nothing. */
  async revoke(id: string): Promise<ApiKey> {
    const revoked = await this.dataSource.transaction((db) => this.keys.revoke(id, db));
    if (!revoked) throw LiaisonException.notFound('ApiKey', id);
    this.logger.log(`Revoked API key ${id}`);
    return revoked;
  }

  /** The caller behind a key secret; UNAUTHENTICATED when unknown, revoked, expired or its creator is disabled. */
  async authenticate(secret: string): Promise<Principal> {
    const prefix = prefixOfApiKey(secret);
    if (!prefix) throw LiaisonException.unauthenticated(INVALID_KEY);
    const key = await this.keys.findUsable(prefix);
    if (!key || !hashesEqual(key.secretHash, sha256Hex(secret))) throw LiaisonException.unauthenticated(INVALID_KEY);
    // At most one write a minute per key, however busy the integration is.
    if (!key.lastUsedAt || Date.now() - new Date(key.lastUsedAt).getTime() >= LAST_USED_RESOLUTION_MS) {
      await this.keys.touch(key.keyId);
    }
    const role = weakerRole(ROLE_OF_API_KEY[key.keyRole], key.creator.role);
    return {
      kind: 'API_KEY',
      id: key.keyId,
      role,
      userId: key.creator.id,
      user: { ...key.creator, role },
      sessionId: null,
      apiKeyId: key.keyId,
      apiKeyName: key.keyName,
    };
  }
}
