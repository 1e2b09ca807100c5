import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { UserEntity } from '../auth/user.entity';
import { VersionedEntity } from '../database/versioned.entity';
import { LeadEntity } from '../leads/lead.entity';
import { MeetingEntity } from '../meetings/meeting.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { PersonEntity } from '../people/person.entity';
import { TaskStatus } from './task.enums';

/**
 * A follow-up task, linked by id to the lead, meeting, organisation or person
 * it is about. A commitment made in a meeting is a task with `isCommitment`
 * and the person who promised it.
 */
@Entity({ name: 'tasks' })
@Index('tasks_assignee_status_due_idx', ['assigneeId', 'status', 'dueDate'])
@Index('tasks_lead_id_idx', ['leadId'])
@Index('tasks_meeting_id_idx', ['meetingId'])
@Index('tasks_organisation_id_idx', ['organisationId'])
@Index('tasks_person_id_idx', ['personId'])
export class TaskEntity extends VersionedEntity {
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: UserEntity;

  @Column({ type: 'enum', enum: TaskStatus, enumName: 'task_status', default: TaskStatus.OPEN })
  status: TaskStatus;

  @Column({ name: 'completed_at', type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  @Column({ name: 'lead_id', type: 'uuid', nullable: true })
  leadId: string | null;

  @ManyToOne(() => LeadEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  @Column({ name: 'meeting_id', type: 'uuid', nullable: true })
  meetingId: string | null;

  @ManyToOne(() => MeetingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: MeetingEntity;

  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ name: 'is_commitment', type: 'boolean', default: false })
  isCommitment: boolean;

  @Column({ name: 'promised_by_id', type: 'uuid', nullable: true })
  promisedById: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'promised_by_id' })
  promisedBy?: PersonEntity;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by' })
  createdByUser?: UserEntity;
}
