import { Confidentiality } from '../../access/confidentiality.enum';
import { ConfidentialityField, SharedWithField, TeamIdField } from '../../access/dto/confidentiality.fields';
import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsLocalDateTime } from '../../common/validation/dates';
import { Trim, TrimToNull } from '../../common/validation/transforms';
import { MeetingKind, ParticipantSide } from '../meeting.enums';

// Region/City names only: Intl also accepts offsets such as "+01:00", which
// PostgreSQL reads the POSIX way round (UTC-1).
const IANA_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const ZONE_MESSAGE = 'timeZone must be an IANA time zone such as Europe/Rome';

@InputType()
export class ParticipantInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId: string;

  @Field(() => ParticipantSide)
  @IsEnum(ParticipantSide)
  side: ParticipantSide;
}

@InputType()
export class CreateMeetingInput {
  @Field()
  @Trim()
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @Field(() => MeetingKind)
  @IsEnum(MeetingKind)
  kind: MeetingKind;

  @Field({ description: 'Wall-clock start in timeZone, YYYY-MM-DDTHH:mm, e.g. 2024-05-14T14:00' })
  @IsLocalDateTime()
  startsAt: string;

  @Field(() => String, { nullable: true, description: 'Wall-clock end in timeZone, after startsAt' })
  @IsOptional()
  @IsLocalDateTime()
  endsAt?: string | null;

  @Field({ description: 'IANA time zone the times are in, e.g. Europe/Rome' })
  @Trim()
  @IsString()
  @MaxLength(64, { message: ZONE_MESSAGE })
  @Matches(IANA_ZONE_NAME, { message: ZONE_MESSAGE })
  @IsTimeZone({ message: ZONE_MESSAGE })
  timeZone: string;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  location?: string | null;

  @Field(() => ID, { nullable: true, description: "The trip whose programme it belongs to; startsAt must fall within the trip's dates" })
  @IsOptional()
  @IsUUID('all', { message: 'tripId must be a UUID' })
  tripId?: string | null;

  @Field(() => String, { nullable: true })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  agenda?: string | null;

  @Field(() => String, { nullable: true, description: 'What we want from the meeting' })
  @TrimToNull()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  intendedResult?: string | null;

  @Field(() => [ID], { nullable: true, description: 'The organisations involved' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'each organisationId must be a UUID' })
  organisationIds?: string[] | null;

  @Field(() => [ParticipantInput], { nullable: true, description: 'People from the delegation, the host and our side' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ParticipantInput)
  participants?: ParticipantInput[] | null;

  @ConfidentialityField()
  confidentiality?: Confidentiality | null;

  @TeamIdField()
  teamId?: string | null;

  @SharedWithField()
  sharedWithUserIds?: string[] | null;
}
