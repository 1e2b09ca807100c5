import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../auth/user.entity';
import { RecordType } from '../common/graphql/record-type.enum';

/**
 * One merge of two people or two organisations: the merged record's row as
 * it was (the row itself is deleted), the survivor's row before and after,
 * and every link row it moved or removed, with their images, so `unmerge`
 * can put back exactly what the merge changed.
 */
@Entity({ name: 'record_merges' })
@Index('record_merges_survivor_id_idx', ['survivorId'])
@Index('record_merges_active_merged_id_key', { synchronize: false })
export class RecordMergeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'record_type', type: 'enum', enum: RecordType, enumName: 'record_type' })
  recordType: RecordType;

  @Column({ name: 'survivor_id', type: 'uuid' })
  survivorId: string;

  @Column({ name: 'merged_id', type: 'uuid' })
  mergedId: string;

  @Column({ name: 'merged_row', type: 'jsonb' })
  mergedRow: Record<string, unknown>;

  @Column({ name: 'survivor_before', type: 'jsonb' })
  survivorBefore: Record<string, unknown>;

  @Column({ name: 'survivor_after', type: 'jsonb' })
  survivorAfter: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  links: unknown[];

  @Column({ name: 'merged_by', type: 'uuid', nullable: true })
  mergedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_by' })
  merger?: UserEntity;

  @Column({ name: 'merged_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  mergedAt: Date;

  @Column({ name: 'unmerged_by', type: 'uuid', nullable: true })
  unmergedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unmerged_by' })
  unmerger?: UserEntity;

  @Column({ name: 'unmerged_at', type: 'timestamptz', precision: 3, nullable: true })
  unmergedAt: Date | null;
}
