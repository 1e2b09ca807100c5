import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LeadStage } from '../leads/lead.enums';

@ObjectType()
export class OverdueTasksOfAssignee {
  @Field(() => ID, { nullable: true, description: 'null for tasks nobody is assigned to' })
  assigneeId: string | null;

  @Field(() => Int, { description: 'Open tasks due before today' })
  overdue: number;

  @Field(() => Int, { description: 'Of those, commitments made in meetings' })
  commitments: number;

  @Field({ description: 'YYYY-MM-DD' })
  oldestDueDate: string;
}

@ObjectType()
export class StaleLead {
  @Field(() => ID)
  leadId: string;

  @Field()
  title: string;

  @Field(() => LeadStage)
  stage: LeadStage;

  @Field(() => ID)
  ownerId: string;

  @Field({ description: 'Latest of: lead changed, stage changed, a task on it created, changed or done, a note on it written or edited' })
  lastActivityAt: Date;

  @Field(() => Int, { description: 'Whole days since lastActivityAt' })
  daysInactive: number;
}

@ObjectType()
export class UpcomingNextStep {
  @Field(() => ID)
  leadId: string;

  @Field()
  title: string;

  @Field(() => LeadStage)
  stage: LeadStage;

  @Field(() => ID)
  ownerId: string;

  @Field(() => String, { nullable: true })
  nextStep: string | null;

  @Field({ description: 'YYYY-MM-DD' })
  nextStepDate: string;
}

@ObjectType({
  description:
    'What needs doing. "Today" is the database\'s current date. Will apply the confidentiality policy (issue 4) once it exists.',
})
export class FollowUpReport {
  @Field(() => Int)
  staleDays: number;

  @Field(() => Int)
  upcomingDays: number;

  @Field(() => [OverdueTasksOfAssignee], { description: 'Most overdue tasks first, then oldest due date' })
  overdueTasksByAssignee: OverdueTasksOfAssignee[];

  @Field(() => [StaleLead], {
    description: 'Open leads (not WON or LOST, ON_HOLD included) with no activity for staleDays days, longest inactive first',
  })
  staleLeads: StaleLead[];

  @Field(() => [UpcomingNextStep], { description: 'Open leads whose next step is due today or in the next upcomingDays days, soonest first' })
  upcomingNextSteps: UpcomingNextStep[];

  /** Resolved to Tasks by a field resolver. */
  pastDueCommitmentIds: string[];
}
