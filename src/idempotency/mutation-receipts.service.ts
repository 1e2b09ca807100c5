import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { stringify } from 'safe-stable-stringify';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Db } from '../database/table';

export type Claim = { firstTime: true } | { firstTime: false; recordId: string };

/**
 * Exactly-once mutations for clients that retry (a phone on a bad connection):
 * the first call claims its clientMutationId inside its own transaction; a
 * retry, the same input again, finds the claim and gets the first call's
 * record back. The same id with other input is a client's mistake, refused,
 * so the new content is never silently dropped.
 */
@Injectable()
export class MutationReceiptsService {
  /**
   * Claims `clientMutationId` for this user and operation with the call's
   * `payload` (its input less the id). If a concurrent call holds the same
   * id, PostgreSQL makes this INSERT wait for it to commit or roll back, so
   * two retries never both write.
   */
  async claimIn(db: Db, userId: string, clientMutationId: string, operation: string, payload: unknown): Promise<Claim> {
    const payloadHash = fingerprint(payload);
    const inserted = await db.query(
      `INSERT INTO mutation_receipts (user_id, client_mutation_id, operation, payload_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, client_mutation_id) DO NOTHING RETURNING client_mutation_id`,
      [userId, clientMutationId, operation, payloadHash],
    );
    if (inserted.length > 0) return { firstTime: true };
    const [existing] = await db.query(
      `SELECT operation, record_id AS "recordId", payload_hash AS "payloadHash"
         FROM mutation_receipts WHERE user_id = $1 AND client_mutation_id = $2`,
      [userId, clientMutationId],
    );
    if (existing.operation !== operation || !existing.recordId) {
      throw LiaisonException.conflict(`clientMutationId ${clientMutationId} was already used for ${existing.operation}`, {
        field: 'input.clientMutationId',
      });
    }
    // Receipts from before payloads were kept have no hash: they replay as they always did.
    if (existing.payloadHash !== null && existing.payloadHash !== payloadHash) {
      throw LiaisonException.badInput(
        'input.clientMutationId',
        `clientMutationId ${clientMutationId} was already used with different input: a retry must send the same input, new content a new clientMutationId`,
      );
    }
    return { firstTime: false, recordId: existing.recordId };
  }

  /** Records the result of the first call, in the same transaction as its writes. */
  async completeIn(db: Db, userId: string, clientMutationId: string, recordId: string): Promise<void> {
    await db.query(`UPDATE mutation_receipts SET record_id = $3 WHERE user_id = $1 AND client_mutation_id = $2`, [
      userId,
      clientMutationId,
      recordId,
    ]);
  }
}

/** SHA-256 of the payload as canonical JSON: keys sorted, undefined properties left out, as JSON does. */
function fingerprint(payload: unknown): string {
  return createHash('sha256').update(stringify(payload) ?? 'null').digest('hex');
}
