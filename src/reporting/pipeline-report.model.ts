import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LeadStage } from '../leads/lead.enums';

export enum PipelineGroupBy {
  STAGE = 'STAGE',
  KIND = 'KIND',
  TOPIC = 'TOPIC',
  OWNER = 'OWNER',
  COUNTRY = 'COUNTRY',
}
registerEnumType(PipelineGroupBy, {
  name: 'PipelineGroupBy',
  description:
    'TOPIC and COUNTRY groups overlap: a lead with two topics, or with organisations in two countries, counts in each. ' +
    'Leads without a topic or an organisation with a country fall in a group with key null.',
});

/** One stage of the pipeline: what sits in it, and how leads flowed through it. */
@ObjectType()
export class PipelineStageFigures {
  @Field(() => LeadStage)
  stage: LeadStage;

  @Field(() => Int, { description: 'Leads in this stage now (or at asOf)' })
  leads: number;

  @Field(() => Float, { description: 'Sum of their estimated values, EUR; leads without a value count as 0' })
  estimatedValue: number;

  @Field(() => Int, {
    description:
      'Leads that ever reached this stage. Along NEW..WON a lead that skipped ahead (NEW -> QUALIFIED) counts as having ' +
      'passed the stages in between; LOST and ON_HOLD count leads whose history contains them.',
  })
  reached: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Of the leads that reached this stage, the share (0..1) that reached the next one (NEW -> CONTACTED -> QUALIFIED -> ' +
      'NEGOTIATING -> WON). Null for WON, LOST and ON_HOLD, and when no lead reached this stage.',
  })
  conversionRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Median days between entering this stage and leaving it, from the stage history. A lead still in an open stage (or ' +
      'ON_HOLD) counts until now (or the end of asOf); one still in WON or LOST is not counted. Null when nothing counts.',
  })
  medianDaysInStage: number | null;
}

/** One row of the chosen grouping. */
@ObjectType()
export class PipelineGroup {
  @Field(() => String, {
    nullable: true,
    description: 'Stage, kind, topic, owner user id or ISO country code; null for leads without a topic or country',
  })
  key: string | null;

  @Field({ description: 'For people: the stage or kind, the topic, the owner name, the country code, or "(none)"' })
  label: string;

  @Field(() => Int)
  leads: number;

  @Field(() => Float, { description: 'EUR' })
  estimatedValue: number;
}

@ObjectType({
  description:
    'Leads and their value by stage, conversion and time in stage. Counts only the leads the caller may see: confidential ' +
    'leads of other teams move no figure.',
})
export class PipelineReport {
  @Field(() => String, { nullable: true, description: 'The asOf date the figures are for (YYYY-MM-DD); null for now' })
  asOf: string | null;

  @Field(() => Int)
  totalLeads: number;

  @Field(() => Float, { description: 'EUR' })
  totalEstimatedValue: number;

  @Field(() => [PipelineStageFigures], { description: 'Every stage, in pipeline order: NEW..WON, then LOST and ON_HOLD' })
  stages: PipelineStageFigures[];

  @Field(() => PipelineGroupBy)
  groupBy: PipelineGroupBy;

  @Field(() => [PipelineGroup], { description: 'STAGE in pipeline order; other groupings by leads, most first, then label' })
  groups: PipelineGroup[];
}
