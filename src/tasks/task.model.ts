import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { TaskStatus } from './task.enums';
import { VersionedRecord } from '../common/graphql/versioned-record.model';

@ObjectType('Task', { description: 'A follow-up task; a commitment made in a meeting is one too' })
export class Task extends VersionedRecord {
  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  dueDate: string | null;

  @Field(() => ID, { nullable: true })
  assigneeId: string | null;

  @Field(() => TaskStatus)
  status: TaskStatus;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field({ description: 'OPEN and due before today (server date, UTC)' })
  isOverdue: boolean;

  @Field(() => ID, { nullable: true })
  leadId: string | null;

  @Field(() => ID, { nullable: true })
  meetingId: string | null;

  @Field(() => ID, { nullable: true })
  organisationId: string | null;

  @Field(() => ID, { nullable: true })
  personId: string | null;

  @Field({ description: 'A promise made in a meeting' })
  isCommitment: boolean;

  @Field(() => ID, { nullable: true, description: 'The person who made the promise' })
  promisedById: string | null;

  @Field(() => ID, { nullable: true })
  createdBy: string | null;
}

@ObjectType()
export class TaskConnection extends Connection(Task) {}
