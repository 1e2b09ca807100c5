import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../database/versioned.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';

export interface EmailAddress {
  address: string;
  label: string | null;
  primary: boolean;
}

export interface PhoneNumber {
  /** E.164, e.g. +3905221234567 */
  number: string;
  label: string | null;
  primary: boolean;
}

/** A contact. Name indexes (folded, for sort and search) are created by hand in the migration. */
@Entity({ name: 'people' })
@Index('people_search_idx', { synchronize: false })
@Index('people_email_domains_idx', { synchronize: false })
@Index('people_phones_idx', { synchronize: false })
@Index('people_name_key_idx', { synchronize: false })
@Index('people_name_trgm_idx', { synchronize: false })
@Index('people_emails_idx', { synchronize: false })
@Index('people_match_keys_idx', { synchronize: false })
@Index('people_updated_at_id_idx', ['updatedAt', 'id'])
export class PersonEntity extends VersionedEntity {
  @Column({ type: 'varchar', length: 50, nullable: true })
  title: string | null;

  @Column({ name: 'given_name', type: 'varchar', length: 100 })
  givenName: string;

  @Column({ name: 'family_name', type: 'varchar', length: 100 })
  familyName: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  emails: EmailAddress[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  phones: PhoneNumber[];

  @Column({ name: 'preferred_language', type: 'varchar', length: 8, nullable: true })
  preferredLanguage: string | null;

  /** Free-text background on the person (notes attached by users live in the notes table). */
  @Column({ type: 'text', nullable: true })
  background: string | null;
}

/** A person's role at an organisation over a period; ended ones stay as history. */
@Entity({ name: 'affiliations' })
@Index('affiliations_person_id_idx', ['personId'])
@Index('affiliations_organisation_id_idx', ['organisationId'])
export class AffiliationEntity extends VersionedEntity {
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'job_title', type: 'varchar', length: 200, nullable: true })
  jobTitle: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  department: string | null;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;

  @Column({ name: 'is_primary', type: 'boolean', default: false })
  isPrimary: boolean;
}
