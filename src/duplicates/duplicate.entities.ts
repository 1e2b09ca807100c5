import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../auth/user.entity';
import { RecordType } from '../common/graphql/record-type.enum';

/**
 * A scored pair of people or of organisations that may be the same, found
 * through the blocking keys (migration DuplicatesAndMerges). Derived: the
 * database keeps it from people, affiliations and organisations by
 * triggers; nothing else writes it. `low_id` < `high_id`.
 */
@Entity({ name: 'duplicate_pairs' })
@Index('duplicate_pairs_rank_idx', { synchronize: false })
@Index('duplicate_pairs_high_id_idx', ['recordType', 'highId'])
export class DuplicatePairEntity {
  @PrimaryColumn({ name: 'record_type', type: 'enum', enum: RecordType, enumName: 'record_type' })
  recordType: RecordType;

  @PrimaryColumn({ name: 'low_id', type: 'uuid' })
  lowId: string;

  @PrimaryColumn({ name: 'high_id', type: 'uuid' })
  highId: string;

  @Column({ type: 'numeric', precision: 4, scale: 3 })
  score: string;

  @Column({ type: 'text', array: true })
  reasons: string[];
}

/** A pair someone said is not a duplicate: it is never offered again, whatever changes later. */
@Entity({ name: 'duplicate_dismissals' })
export class DuplicateDismissalEntity {
  @PrimaryColumn({ name: 'record_type', type: 'enum', enum: RecordType, enumName: 'record_type' })
  recordType: RecordType;

  @PrimaryColumn({ name: 'low_id', type: 'uuid' })
  lowId: string;

  @PrimaryColumn({ name: 'high_id', type: 'uuid' })
  highId: string;

  @Column({ name: 'dismissed_by', type: 'uuid', nullable: true })
  dismissedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'dismissed_by' })
  dismisser?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
