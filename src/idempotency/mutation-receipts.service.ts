import { Injectable } from '@nestjs/common';
import { LiaisonException } from '../common/errors/liaison.exception';
import { Db } from '../database/table';

export type Claim = { firstTime: true } | { firstTime: false; recordId: string };

/**
 * Exactly-once mutations for clients that retry (a phone on a bad connection):
 * the first call claims its clientMutationId inside its own transaction; a
 * retry finds the claim and gets the first call's record back.
 */
@Injectable()
export class MutationReceiptsService {
  /**
   * Claims `clientMutationId` for this user and operation. If a concurrent
   * call holds the same id, PostgreSQL makes this INSERT wait for it to
   * commit or roll back, so two retries never both write.
   */
  async claimIn(db: Db, userId: string, clientMutationId: string, operation: string): Promise<Claim> {
    const inserted = await db.query(
      `INSERT INTO mutation_receipts (user_id, client_mutation_id, operation) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, client_mutation_id) DO NOTHING RETURNING client_mutation_id`,
      [userId, clientMutationId, operation],
    );
    if (inserted.length > 0) return { firstTime: true };
    const [existing] = await db.query(
      `SELECT operation, record_id AS "recordId" FROM mutation_receipts WHERE user_id = $1 AND client_mutation_id = $2`,
      [userId, clientMutationId],
    );
    if (existing.operation !== operation || !existing.recordId) {
      throw LiaisonException.conflict(`clientMutationId ${clientMutationId} was already used for ${existing.operation}`, {
        field: 'input.clientMutationId',
      });
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
