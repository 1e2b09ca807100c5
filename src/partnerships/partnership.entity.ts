import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { VersionedEntity } from '../database/versioned.entity';
import { LeadEntity } from '../leads/lead.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { PartnershipKind, PartnershipStatus } from './partnership.enums';

/** What a won lead becomes; a lead converts at most once. */
@Entity({ name: 'partnerships' })
@Index('partnerships_signed_on_id_idx', ['signedOn', 'id'])
export class PartnershipEntity extends VersionedEntity {
  @Index('partnerships_lead_id_key', { unique: true })
  @Column({ name: 'lead_id', type: 'uuid', nullable: true })
  leadId: string | null;

  @ManyToOne(() => LeadEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'enum', enum: PartnershipKind, enumName: 'partnership_kind' })
  kind: PartnershipKind;

  @Column({ name: 'signed_on', type: 'date', nullable: true })
  signedOn: string | null;

  @Column({ name: 'value_eur', type: 'numeric', precision: 14, scale: 2, nullable: true })
  valueEur: number | null;

  @Column({ type: 'enum', enum: PartnershipStatus, enumName: 'partnership_status', default: PartnershipStatus.ACTIVE })
  status: PartnershipStatus;

  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;
}

@Entity({ name: 'partnership_parties' })
@Index('partnership_parties_organisation_id_idx', ['organisationId'])
export class PartnershipPartyEntity {
  @PrimaryColumn({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  @ManyToOne(() => PartnershipEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partnership_id' })
  partnership?: PartnershipEntity;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;
}
