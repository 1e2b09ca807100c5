import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Remembers a client's clientMutationId per user, so a retried mutation
 * (a phone on a bad connection) returns the first result instead of writing twice.
 */
@Entity({ name: 'mutation_receipts' })
export class MutationReceiptEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'client_mutation_id', type: 'varchar', length: 100 })
  clientMutationId: string;

  @Column({ type: 'varchar', length: 60 })
  operation: string;

  @Column({ name: 'record_id', type: 'uuid', nullable: true })
  recordId: string | null;

  /** SHA-256 (hex) of the first call's input in canonical JSON; null on receipts older than the column. */
  @Column({ name: 'payload_hash', type: 'char', length: 64, nullable: true })
  payloadHash: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
