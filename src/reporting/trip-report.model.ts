import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { LeadStage } from '../leads/lead.enums';

/** A count under one key of a breakdown (meeting kind, city, stage). */
@ObjectType()
export class KeyCount {
  @Field(() => String, { nullable: true, description: 'null when the value is unknown (e.g. no city could be found)' })
  key: string | null;

  @Field(() => Int)
  count: number;
}

/** Organisations under one key, split into met for the first time and known before. */
@ObjectType()
export class NewKnownCount {
  @Field(() => String, { nullable: true, description: 'Country code or organisation kind; null when not recorded' })
  key: string | null;

  @Field(() => Int)
  total: number;

  @Field(() => Int, { description: 'First meeting or lead ever with them was on this trip' })
  new: number;

  @Field(() => Int, { description: 'Met or in a lead before this trip' })
  alreadyKnown: number;
}

@ObjectType()
export class TripMeetingFigures {
  @Field(() => Int, { description: 'Programme items, archived ones left out' })
  total: number;

  @Field(() => Int)
  held: number;

  @Field(() => Int)
  planned: number;

  @Field(() => Int)
  cancelled: number;

  @Field(() => [KeyCount], { description: 'Held meetings by kind, most first' })
  byKind: KeyCount[];

  @Field(() => [KeyCount], {
    description:
      "Held meetings by city, most first. The city is the first of the trip's destinations named in the meeting's location; " +
      "otherwise the city of its organisations in a destination country (alphabetically first); otherwise null.",
  })
  byCity: KeyCount[];
}

@ObjectType()
export class TripOrganisationFigures {
  @Field(() => Int, {
    description:
      "Organisations of the held meetings, without those the delegation represents (its members' affiliations during " +
      'the trip) and the organiser',
  })
  total: number;

  @Field(() => Int)
  new: number;

  @Field(() => Int)
  alreadyKnown: number;

  @Field(() => [NewKnownCount])
  byCountry: NewKnownCount[];

  @Field(() => [NewKnownCount])
  byKind: NewKnownCount[];
}

/** A lead opened on the trip and where it stands. */
@ObjectType()
export class TripReportLead {
  @Field(() => ID)
  leadId: string;

  @Field()
  title: string;

  @Field(() => LeadStage, { description: 'Stage at the end of asOf, from the stage history; the current stage without asOf' })
  stage: LeadStage;

  @Field({ description: 'When it entered that stage' })
  stageSince: Date;

  @Field(() => LeadStage, { description: 'Stage today, whatever asOf says' })
  currentStage: LeadStage;

  @Field(() => Float, { nullable: true, description: 'EUR' })
  estimatedValue: number | null;

  @Field(() => Int, { nullable: true })
  potentialJobs: number | null;
}

/** A partnership a lead of the trip became. */
@ObjectType()
export class TripReportPartnership {
  @Field(() => ID)
  partnershipId: string;

  @Field(() => ID)
  leadId: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  signedOn: string | null;

  @Field(() => Float, { nullable: true, description: 'EUR' })
  valueEur: number | null;

  @Field(() => Int, { nullable: true, description: "The lead's potential jobs" })
  potentialJobs: number | null;
}

@ObjectType()
export class TripLeadFigures {
  @Field(() => Int, { description: 'Leads whose origin is this trip (opened by the end of asOf)' })
  opened: number;

  @Field(() => Float, { description: 'Sum of their estimated values, EUR' })
  estimatedValue: number;

  @Field(() => Int, { description: 'Sum of their potential jobs' })
  potentialJobs: number;

  @Field(() => [KeyCount], { description: 'By stage (at asOf), in pipeline order, stages without leads left out' })
  byStage: KeyCount[];

  @Field(() => [TripReportLead], { description: 'In pipeline order of their stage, then by title' })
  leads: TripReportLead[];
}

@ObjectType()
export class TripPartnershipFigures {
  @Field(() => Int, { description: "Partnerships from the trip's leads, signed by the end of asOf" })
  formed: number;

  @Field(() => Float, { description: 'EUR' })
  valueEur: number;

  @Field(() => Int)
  potentialJobs: number;

  @Field(() => [TripReportPartnership], { description: 'By signing date' })
  partnerships: TripReportPartnership[];
}

@ObjectType()
export class TripCommitmentFigures {
  @Field(() => Int, { description: "Commitments of the trip's meetings done (by the end of asOf)" })
  kept: number;

  @Field(() => Int, { description: 'Not done (by the end of asOf); cancelled ones are left out' })
  open: number;

  @Field(() => Int, { description: 'Open and due before today (before asOf)' })
  overdue: number;

  /** Resolved to Tasks by a field resolver. */
  openTaskIds: string[];
}

@ObjectType({
  description:
    'What came of one trip. Will apply the confidentiality policy (issue 4) once it exists; until then it counts every record.',
})
export class TripReport {
  @Field(() => ID)
  tripId: string;

  @Field(() => String, { nullable: true, description: 'The asOf date the figures are for (YYYY-MM-DD); null for now' })
  asOf: string | null;

  @Field(() => TripMeetingFigures)
  meetings: TripMeetingFigures;

  @Field(() => TripOrganisationFigures)
  organisations: TripOrganisationFigures;

  @Field(() => Int, { description: 'HOST participants of the held meetings' })
  peopleMet: number;

  @Field(() => Int, { description: 'Of those, people whose first held meeting ever was on this trip' })
  peopleMetForFirstTime: number;

  /** Resolved to People by a field resolver. */
  newContactIds: string[];

  @Field(() => TripLeadFigures)
  leads: TripLeadFigures;

  @Field(() => TripPartnershipFigures)
  partnerships: TripPartnershipFigures;

  @Field(() => TripCommitmentFigures)
  commitments: TripCommitmentFigures;
}
