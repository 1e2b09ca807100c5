import { Confidentiality } from '../access/confidentiality.enum';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { MeetingKind, MeetingStatus, ParticipantSide } from './meeting.enums';
import { VersionedRecord } from '../common/graphql/versioned-record.model';

@ObjectType('Meeting', { description: 'A meeting of a trip programme or logged on its own, with its outcome' })
export class Meeting extends VersionedRecord {
  @Field(() => ID, { nullable: true })
  tripId: string | null;

  @Field()
  title: string;

  @Field(() => MeetingKind)
  kind: MeetingKind;

  @Field(() => MeetingStatus)
  status: MeetingStatus;

  @Field(() => String, { nullable: true })
  cancelReason: string | null;

  @Field({ description: 'The start as an instant (UTC)' })
  startsAt: Date;

  @Field(() => Date, { nullable: true })
  endsAt: Date | null;

  @Field({ description: 'The start as wall-clock time in timeZone, e.g. 2024-05-14T14:00:00' })
  startsAtLocal: string;

  @Field(() => String, { nullable: true })
  endsAtLocal: string | null;

  @Field({ description: 'IANA time zone the meeting was agreed in, e.g. Europe/Rome' })
  timeZone: string;

  @Field(() => String, { nullable: true })
  location: string | null;

  @Field(() => String, { nullable: true })
  agenda: string | null;

  @Field(() => String, { nullable: true, description: 'Outcome: what happened' })
  outcomeSummary: string | null;

  @Field(() => String, { nullable: true, description: 'Outcome: what we wanted' })
  intendedResult: string | null;

  @Field(() => String, { nullable: true, description: 'Outcome: what we got' })
  actualResult: string | null;

  @Field(() => ID, { nullable: true })
  loggedBy: string | null;

  @Field(() => Confidentiality, { description: 'Who may see it: every user (INTERNAL) or its team, named users and admins' })
  confidentiality: Confidentiality;

  /** The team of a CONFIDENTIAL record; the `team` field resolves it. */
  teamId: string | null;

  @Field(() => Date, { nullable: true })
  loggedAt: Date | null;
}

@ObjectType()
export class MeetingConnection extends Connection(Meeting) {}

@ObjectType('Participant')
export class Participant {
  @Field(() => ID)
  meetingId: string;

  @Field(() => ID)
  personId: string;

  @Field(() => ParticipantSide)
  side: ParticipantSide;
}
