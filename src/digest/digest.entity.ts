import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../auth/user.entity';

/**
 * One user's reminder digest for one day, built by the morning job. Derived
 * data (rebuilt from tasks and leads at any time), so it has no audit trigger.
 */
@Entity({ name: 'digests' })
@Index('digests_digest_date_idx', ['digestDate'])
export class DigestEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'digests_pkey' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'digests_user_id_fkey' })
  user?: UserEntity;

  /** The day the digest is for, in DIGEST_TIME_ZONE. */
  @PrimaryColumn({ name: 'digest_date', type: 'date', primaryKeyConstraintName: 'digests_pkey' })
  digestDate: string;

  /** `{ tasksDueToday, overdueTasks, staleLeads }`: ids with the titles and dates as they were when built. */
  @Column({ type: 'jsonb' })
  content: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
