import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../database/versioned.entity';
import { OrganisationEntity } from './organisation.entity';

/** An organisation's membership of a network or alliance (Brembo in a supplier network), with since/until. */
@Entity({ name: 'organisation_memberships' })
@Index('organisation_memberships_member_id_idx', ['memberId'])
@Index('organisation_memberships_network_id_idx', ['networkId'])
export class OrganisationMembershipEntity extends VersionedEntity {
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: OrganisationEntity;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'network_id' })
  network?: OrganisationEntity;

  @Column({ type: 'date', nullable: true })
  since: string | null;

  @Column({ type: 'date', nullable: true })
  until: string | null;
}
