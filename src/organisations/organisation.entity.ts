import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { OrganisationKind } from './organisation-kind.enum';

/**
 * Table definition for migrations. The accent-folded name indexes (btree for
 * sorting, trigram for "contains") are expression indexes created by hand in
 * the migration; `synchronize: false` keeps the schema diff from dropping them.
 */
@Entity({ name: 'organisations' })
@Index('organisations_search_idx', { synchronize: false })
@Index('organisations_name_key_idx', { synchronize: false })
@Index('organisations_name_trgm_idx', { synchronize: false })
@Index('organisations_sectors_idx', { synchronize: false })
@Index('organisations_match_keys_idx', { synchronize: false })
@Index('organisations_country_idx', ['country'])
@Index('organisations_parent_id_idx', ['parentId'])
@Index('organisations_updated_at_id_idx', ['updatedAt', 'id'])
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'legal_name', type: 'varchar', length: 300, nullable: true })
  legalName: string | null;

  @Column({ type: 'enum', enum: OrganisationKind, enumName: 'organisation_kind' })
  kind: OrganisationKind;

  @Column({ type: 'char', length: 2, nullable: true })
  country: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  region: string | null;

  @Column({ name: 'nuts_code', type: 'varchar', length: 5, nullable: true })
  nutsCode: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  city: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  website: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  sectors: string[];

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: OrganisationEntity;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'archived_at', type: 'timestamptz', precision: 3, nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'int', default: 1 })
  version: number;
}
