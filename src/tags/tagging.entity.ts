import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { RecordType } from '../common/graphql/record-type.enum';

/** One tag on one record; tags are lower-cased free text. */
@Entity({ name: 'taggings' })
@Index('taggings_tag_idx', ['tag'])
export class TaggingEntity {
  @PrimaryColumn({ name: 'record_type', type: 'enum', enum: RecordType, enumName: 'record_type' })
  recordType: RecordType;

  @PrimaryColumn({ name: 'record_id', type: 'uuid' })
  recordId: string;

  @PrimaryColumn({ type: 'varchar', length: 60 })
  tag: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;
}
