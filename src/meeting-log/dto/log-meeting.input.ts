import { Field, ID, InputType, Int, ObjectType, OmitType, PickType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DuplicateReason } from '../../duplicates/duplicate.enums';
import { CreateLeadInput } from '../../leads/dto/create-lead.input';
import { CreateMeetingInput, ParticipantInput } from '../../meetings/dto/create-meeting.input';
import { MeetingOutcomeInput } from '../../meetings/dto/meeting-status.args';
import { ParticipantSide } from '../../meetings/meeting.enums';
import { Meeting } from '../../meetings/meeting.model';
import { CreatePersonInput } from '../../people/dto/create-person.input';
import { CreateTaskInput } from '../../tasks/dto/create-task.input';

const REF = /^[\w.-]{1,40}$/;

/** A contact met for the first time: created with the meeting and added to its participants. */
@InputType()
export class LoggedContactInput extends CreatePersonInput {
  @Field({ description: 'A name of your choice ("c1") by which commitments and leads in this input refer to the contact' })
  @Matches(REF, { message: 'ref must be 1 to 40 letters, digits, dots, dashes or underscores' })
  ref: string;

  @Field(() => ParticipantSide, { defaultValue: ParticipantSide.HOST })
  @IsEnum(ParticipantSide)
  side: ParticipantSide = ParticipantSide.HOST;
}

/** A promise made in the meeting: becomes a follow-up task (the task's fields, plus refs to new records). */
@InputType()
export class CommitmentInput extends PickType(CreateTaskInput, [
  'title',
  'description',
  'dueDate',
  'assigneeId',
  'promisedById',
  'leadId',
] as const) {
  @Field(() => String, { nullable: true, description: 'Who promised it: the ref of a new contact' })
  @IsOptional()
  @Matches(REF, { message: 'promisedByRef must be the ref of a new contact' })
  promisedByRef?: string | null;

  @Field(() => String, { nullable: true, description: 'A new lead of this input it belongs to, by its ref' })
  @IsOptional()
  @Matches(REF, { message: 'leadRef must be the ref of a new lead' })
  leadRef?: string | null;
}

/** A lead the meeting produced; its provenance (this meeting and its trip) is set for you. */
@InputType()
export class LoggedLeadInput extends OmitType(CreateLeadInput, ['originMeetingId', 'originTripId'] as const) {
  @Field(() => String, { nullable: true, description: 'A name commitments can refer to ("l1")' })
  @IsOptional()
  @Matches(REF, { message: 'ref must be 1 to 40 letters, digits, dots, dashes or underscores' })
  ref?: string | null;

  @Field(() => [String], { nullable: true, description: 'New contacts of this input, by ref, as contacts of the lead' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(REF, { each: true, message: 'each contactRef must be the ref of a new contact' })
  contactRefs?: string[] | null;
}

@InputType()
export class LogMeetingInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Any unique string per attempt; sending it again with the same input (a retry) returns the first result and writes nothing, with other input it is refused',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  clientMutationId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A PLANNED meeting of a programme; omit to log an unplanned meeting' })
  @IsOptional()
  @IsUUID('all', { message: 'meetingId must be a UUID' })
  meetingId?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version of the planned meeting you last read; required with meetingId' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;

  @Field(() => CreateMeetingInput, { nullable: true, description: 'The unplanned meeting; required without meetingId' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreateMeetingInput)
  meeting?: CreateMeetingInput | null;

  @Field(() => [ID], { nullable: true, description: 'Organisations involved, added to the meeting’s' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'each organisationId must be a UUID' })
  organisationIds?: string[] | null;

  @Field(() => [ParticipantInput], { nullable: true, description: 'Known people who took part, added to the meeting’s' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ParticipantInput)
  participants?: ParticipantInput[] | null;

  @Field(() => MeetingOutcomeInput)
  @ValidateNested()
  @Type(() => MeetingOutcomeInput)
  outcome: MeetingOutcomeInput;

  @Field(() => [LoggedContactInput], { nullable: true, description: 'People met for the first time' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LoggedContactInput)
  newContacts?: LoggedContactInput[] | null;

  @Field(() => [CommitmentInput], { nullable: true, description: 'Promises made, by either side' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CommitmentInput)
  commitments?: CommitmentInput[] | null;

  @Field(() => [LoggedLeadInput], { nullable: true, description: 'Cooperation leads the meeting produced' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LoggedLeadInput)
  newLeads?: LoggedLeadInput[] | null;
}

@ObjectType({ description: 'A new contact that was a known person: it became that person instead of a new one' })
export class MatchedContact {
  @Field({ description: 'The ref the contact had in the input' })
  ref: string;

  @Field(() => ID)
  personId: string;

  @Field(() => [DuplicateReason], { description: 'What they share: SAME_EMAIL or SAME_PHONE, and perhaps more' })
  reasons: DuplicateReason[];
}

@ObjectType()
export class LogMeetingPayload {
  @Field(() => String, { nullable: true })
  clientMutationId: string | null;

  @Field({ description: 'True when this was a retry of an already logged clientMutationId: nothing was written' })
  replayed: boolean;

  @Field(() => Meeting, { description: 'The logged meeting: ask for participants, commitments and leads here' })
  meeting: Meeting;

  @Field(() => [MatchedContact], { description: 'New contacts matched to people Liaison knew (by email or phone); empty on a replay' })
  matchedContacts: MatchedContact[];
}
