import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Confidentiality } from '../access/confidentiality.enum';
import { UserEntity } from '../auth/user.entity';
import { VersionedEntity } from '../database/versioned.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { PersonEntity } from '../people/person.entity';
import { TeamEntity } from '../teams/team.entity';
import { TripEntity } from '../trips/trip.entity';
import { MeetingKind, MeetingStatus, ParticipantSide } from './meeting.enums';

/**
 * A meeting, planned in a trip's programme or logged afterwards. Times are
 * instants (timestamptz) plus the IANA zone they were agreed in, so 14:00 in
 * Milan stays 14:00 Europe/Rome whatever the server's zone.
 */
@Entity({ name: 'meetings' })
@Index('meetings_search_idx', { synchronize: false })
@Index('meetings_trip_id_starts_at_idx', ['tripId', 'startsAt'])
@Index('meetings_starts_at_id_idx', ['startsAt', 'id'])
@Index('meetings_team_id_idx', ['teamId'])
export class MeetingEntity extends VersionedEntity {
  @Column({ name: 'trip_id', type: 'uuid', nullable: true })
  tripId: string | null;

  @ManyToOne(() => TripEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'trip_id' })
  trip?: TripEntity;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'enum', enum: MeetingKind, enumName: 'meeting_kind' })
  kind: MeetingKind;

  @Column({ type: 'enum', enum: MeetingStatus, enumName: 'meeting_status', default: MeetingStatus.PLANNED })
  status: MeetingStatus;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ name: 'starts_at', type: 'timestamptz', precision: 3 })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz', precision: 3, nullable: true })
  endsAt: Date | null;

  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  location: string | null;

  @Column({ type: 'text', nullable: true })
  agenda: string | null;

  @Column({ name: 'outcome_summary', type: 'text', nullable: true })
  outcomeSummary: string | null;

  @Column({ name: 'intended_result', type: 'text', nullable: true })
  intendedResult: string | null;

  @Column({ name: 'actual_result', type: 'text', nullable: true })
  actualResult: string | null;

  @Column({ type: 'enum', enum: Confidentiality, enumName: 'confidentiality', default: Confidentiality.INTERNAL })
  confidentiality: Confidentiality;

  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id' })
  team?: TeamEntity;

  @Column({ name: 'logged_by', type: 'uuid', nullable: true })
  loggedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'logged_by' })
  loggedByUser?: UserEntity;

  @Column({ name: 'logged_at', type: 'timestamptz', precision: 3, nullable: true })
  loggedAt: Date | null;
}

@Entity({ name: 'meeting_organisations' })
@Index('meeting_organisations_organisation_id_idx', ['organisationId'])
export class MeetingOrganisationEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: MeetingEntity;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;
}

@Entity({ name: 'meeting_participants' })
@Index('meeting_participants_person_id_idx', ['personId'])
export class MeetingParticipantEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: MeetingEntity;

  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ type: 'enum', enum: ParticipantSide, enumName: 'participant_side' })
  side: ParticipantSide;
}
