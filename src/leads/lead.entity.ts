import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, CreateDateColumn } from 'typeorm';
import { Confidentiality } from '../access/confidentiality.enum';
import { UserEntity } from '../auth/user.entity';
import { VersionedEntity } from '../database/versioned.entity';
import { MeetingEntity } from '../meetings/meeting.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { PersonEntity } from '../people/person.entity';
import { TeamEntity } from '../teams/team.entity';
import { TripEntity } from '../trips/trip.entity';
import { LeadKind, LeadSide, LeadStage } from './lead.enums';

/** A cooperation lead in the pipeline, with its provenance (trip and meeting it came from). */
@Entity({ name: 'leads' })
@Index('leads_search_idx', { synchronize: false })
@Index('leads_topics_idx', { synchronize: false })
@Index('leads_stage_idx', ['stage'])
@Index('leads_owner_id_idx', ['ownerId'])
@Index('leads_origin_trip_id_idx', ['originTripId'])
@Index('leads_origin_meeting_id_idx', ['originMeetingId'])
@Index('leads_updated_at_id_idx', ['updatedAt', 'id'])
@Index('leads_next_step_date_idx', ['nextStepDate'])
@Index('leads_created_at_idx', ['createdAt'])
@Index('leads_team_id_idx', ['teamId'])
export class LeadEntity extends VersionedEntity {
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'enum', enum: LeadKind, enumName: 'lead_kind' })
  kind: LeadKind;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics: string[];

  @Column({ type: 'enum', enum: LeadStage, enumName: 'lead_stage', default: LeadStage.NEW })
  stage: LeadStage;

  @Column({ name: 'stage_changed_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  stageChangedAt: Date;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_id' })
  owner?: UserEntity;

  @Column({ name: 'origin_trip_id', type: 'uuid', nullable: true })
  originTripId: string | null;

  @ManyToOne(() => TripEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'origin_trip_id' })
  originTrip?: TripEntity;

  @Column({ name: 'origin_meeting_id', type: 'uuid', nullable: true })
  originMeetingId: string | null;

  @ManyToOne(() => MeetingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'origin_meeting_id' })
  originMeeting?: MeetingEntity;

  @Column({ name: 'estimated_value', type: 'numeric', precision: 14, scale: 2, nullable: true })
  estimatedValue: number | null;

  @Column({ name: 'potential_jobs', type: 'int', nullable: true })
  potentialJobs: number | null;

  @Column({ type: 'int', nullable: true })
  probability: number | null;

  @Column({ name: 'next_step', type: 'text', nullable: true })
  nextStep: string | null;

  @Column({ name: 'next_step_date', type: 'date', nullable: true })
  nextStepDate: string | null;

  @Column({ type: 'enum', enum: Confidentiality, enumName: 'confidentiality', default: Confidentiality.INTERNAL })
  confidentiality: Confidentiality;

  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id' })
  team?: TeamEntity;

  @Column({ name: 'closed_reason', type: 'text', nullable: true })
  closedReason: string | null;
}

@Entity({ name: 'lead_organisations' })
@Index('lead_organisations_organisation_id_idx', ['organisationId'])
export class LeadOrganisationEntity {
  @PrimaryColumn({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'enum', enum: LeadSide, enumName: 'lead_side' })
  side: LeadSide;
}

@Entity({ name: 'lead_contacts' })
@Index('lead_contacts_person_id_idx', ['personId'])
export class LeadContactEntity {
  @PrimaryColumn({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;
}

/** Append-only: who moved a lead from which stage to which, when and why. */
@Entity({ name: 'lead_stage_changes' })
@Index('lead_stage_changes_lead_id_changed_at_idx', ['leadId', 'changedAt'])
export class LeadStageChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  @Column({ name: 'from_stage', type: 'enum', enum: LeadStage, enumName: 'lead_stage', nullable: true })
  fromStage: LeadStage | null;

  @Column({ name: 'to_stage', type: 'enum', enum: LeadStage, enumName: 'lead_stage' })
  toStage: LeadStage;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'changed_by', type: 'uuid' })
  changedBy: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'changed_by' })
  changedByUser?: UserEntity;

  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz', precision: 3 })
  changedAt: Date;
}
