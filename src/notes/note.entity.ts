import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { UserEntity } from '../auth/user.entity';
import { RecordType } from '../common/graphql/record-type.enum';
import { VersionedEntity } from '../database/versioned.entity';

/** A note on an organisation, person, meeting or lead (attached by type and id). */
@Entity({ name: 'notes' })
@Index('notes_search_idx', { synchronize: false })
@Index('notes_record_idx', ['recordType', 'recordId', 'createdAt'])
export class NoteEntity extends VersionedEntity {
  @Column({ name: 'record_type', type: 'enum', enum: RecordType, enumName: 'record_type' })
  recordType: RecordType;

  @Column({ name: 'record_id', type: 'uuid' })
  recordId: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: UserEntity;
}
