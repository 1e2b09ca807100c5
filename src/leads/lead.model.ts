import { Confidentiality } from '../access/confidentiality.enum';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { LeadKind, LeadSide, LeadStage } from './lead.enums';
import { VersionedRecord } from '../common/graphql/versioned-record.model';

@ObjectType('Lead', { description: 'A cooperation lead in the pipeline' })
export class Lead extends VersionedRecord {
  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => LeadKind)
  kind: LeadKind;

  @Field(() => [String], { description: 'e.g. "reshoring of automotive value chains", "smart city"' })
  topics: string[];

  @Field(() => LeadStage)
  stage: LeadStage;

  @Field({ description: 'When the lead entered its current stage' })
  stageChangedAt: Date;

  @Field({ description: 'Not WON or LOST' })
  isOpen: boolean;

  @Field(() => ID)
  ownerId: string;

  @Field(() => ID, { nullable: true })
  originTripId: string | null;

  /** Resolved by LeadsResolver, which hides a confidential meeting the caller may not see. */
  originMeetingId: string | null;

  @Field(() => Float, { nullable: true, description: 'EUR' })
  estimatedValue: number | null;

  @Field(() => Int, { nullable: true })
  potentialJobs: number | null;

  @Field(() => Int, { nullable: true, description: 'Percent, 0 to 100' })
  probability: number | null;

  @Field(() => String, { nullable: true })
  nextStep: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  nextStepDate: string | null;

  @Field(() => String, { nullable: true })
  closedReason: string | null;

  @Field(() => Confidentiality, { description: 'Who may see it: every user (INTERNAL) or its team, named users and admins' })
  confidentiality: Confidentiality;

  /** The team of a CONFIDENTIAL record; the `team` field resolves it. */
  teamId: string | null;
}

@ObjectType()
export class LeadConnection extends Connection(Lead) {}

@ObjectType('LeadOrganisation', { description: 'An organisation involved in a lead, on the Saxon or the partner side' })
export class LeadOrganisation {
  @Field(() => ID)
  leadId: string;

  @Field(() => ID)
  organisationId: string;

  @Field(() => LeadSide)
  side: LeadSide;
}

@ObjectType('LeadOrigin', { description: 'Provenance: the trip and meeting a lead came from' })
export class LeadOrigin {
  @Field(() => ID, { nullable: true })
  tripId: string | null;

  @Field(() => ID, { nullable: true })
  meetingId: string | null;
}

@ObjectType('LeadStageChange', { description: 'One move in the pipeline; the history is never rewritten' })
export class LeadStageChange {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  leadId: string;

  @Field(() => LeadStage, { nullable: true, description: 'Null for the creation of the lead' })
  fromStage: LeadStage | null;

  @Field(() => LeadStage)
  toStage: LeadStage;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => ID)
  changedBy: string;

  @Field()
  changedAt: Date;
}
