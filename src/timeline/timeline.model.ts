import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { LeadStage } from '../leads/lead.enums';

export enum TimelineKind {
  MEETING = 'MEETING',
  LEAD_OPENED = 'LEAD_OPENED',
  STAGE_CHANGE = 'STAGE_CHANGE',
  PARTNERSHIP = 'PARTNERSHIP',
  TASK = 'TASK',
  NOTE = 'NOTE',
}
registerEnumType(TimelineKind, { name: 'TimelineKind' });

/** One event in an organisation's history; the record it stands for is one of the typed fields. */
@ObjectType('TimelineEntry')
export class TimelineEntry {
  @Field(() => ID, { description: 'Stable id of the entry: kind and record id' })
  id: string;

  @Field({ description: 'When it happened: meeting start, lead creation, stage change, signing, task or note creation' })
  at: Date;

  @Field(() => TimelineKind)
  kind: TimelineKind;

  @Field({ description: 'Meeting, lead, partnership or task title, or the start of a note' })
  title: string;

  @Field(() => ID, { description: 'The meeting, lead, partnership, task or note; for a stage change, the lead' })
  recordId: string;

  @Field(() => LeadStage, { nullable: true, description: 'For STAGE_CHANGE' })
  fromStage: LeadStage | null;

  @Field(() => LeadStage, { nullable: true, description: 'For STAGE_CHANGE' })
  toStage: LeadStage | null;
}

@ObjectType()
export class TimelineConnection extends Connection(TimelineEntry) {}
