import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../auth/user.entity';
import { RecordType } from '../common/graphql/record-type.enum';

/** A named extra user who may see one CONFIDENTIAL lead or meeting besides its team. */
@Entity({ name: 'record_access' })
@Index('record_access_user_id_idx', ['userId'])
export class RecordAccessEntity {
  @PrimaryColumn({ name: 'record_type', type: 'enum', enum: RecordType, enumName: 'record_type' })
  recordType: RecordType;

  @PrimaryColumn({ name: 'record_id', type: 'uuid' })
  recordId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'granted_by', type: 'uuid', nullable: true })
  grantedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
