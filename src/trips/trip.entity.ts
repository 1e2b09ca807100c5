import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { VersionedEntity } from '../database/versioned.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { PersonEntity } from '../people/person.entity';
import { DelegateRole, TripKind } from './trip.enums';

export interface Destination {
  city: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
}

@Entity({ name: 'trips' })
@Index('trips_search_idx', { synchronize: false })
@Index('trips_start_date_id_idx', ['startDate', 'id'])
@Index('trips_organiser_id_idx', ['organiserId'])
export class TripEntity extends VersionedEntity {
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: TripKind, enumName: 'trip_kind' })
  kind: TripKind;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  destinations: Destination[];

  @Column({ name: 'organiser_id', type: 'uuid', nullable: true })
  organiserId: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organiser_id' })
  organiser?: OrganisationEntity;

  @Column({ type: 'text', nullable: true })
  objectives: string | null;
}

/** A person in a trip's delegation, with their role. */
@Entity({ name: 'trip_delegates' })
@Index('trip_delegates_person_id_idx', ['personId'])
export class TripDelegateEntity {
  @PrimaryColumn({ name: 'trip_id', type: 'uuid' })
  tripId: string;

  @ManyToOne(() => TripEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trip_id' })
  trip?: TripEntity;

  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ type: 'enum', enum: DelegateRole, enumName: 'delegate_role' })
  role: DelegateRole;
}
