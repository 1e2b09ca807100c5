import { ApiKeyEntity } from './auth/api-key.entity';
import { LoginThrottleEntity } from './auth/login-throttle.entity';
import { SessionEntity } from './auth/session.entity';
import { UserEntity } from './auth/user.entity';
import { DuplicateDismissalEntity, DuplicatePairEntity } from './duplicates/duplicate.entities';
import { CalendarFeedEntity } from './calendar/calendar-feed.entity';
import { DigestEntity } from './digest/digest.entity';
import { JobRunEntity } from './digest/job-run.entity';
import { MutationReceiptEntity } from './idempotency/mutation-receipt.entity';
import { LeadContactEntity, LeadEntity, LeadOrganisationEntity, LeadStageChangeEntity } from './leads/lead.entity';
import { MeetingEntity, MeetingOrganisationEntity, MeetingParticipantEntity } from './meetings/meeting.entity';
import { RecordMergeEntity } from './merges/record-merge.entity';
import { NoteEntity } from './notes/note.entity';
import { OrganisationMembershipEntity } from './organisations/organisation-membership.entity';
import { OrganisationEntity } from './organisations/organisation.entity';
import { PartnershipEntity, PartnershipPartyEntity } from './partnerships/partnership.entity';
import { AffiliationEntity, PersonEntity } from './people/person.entity';
import { RecordAccessEntity } from './access/record-access.entity';
import { TeamEntity, TeamMemberEntity } from './teams/team.entity';
import { TaggingEntity } from './tags/tagging.entity';
import { TaskEntity } from './tasks/task.entity';
import { TripDelegateEntity, TripEntity } from './trips/trip.entity';

/** Every table definition, for the DataSource the app, CLI and tests share. */
export const ENTITIES = [
  UserEntity,
  LoginThrottleEntity,
  SessionEntity,
  ApiKeyEntity,
  OrganisationEntity,
  OrganisationMembershipEntity,
  PersonEntity,
  AffiliationEntity,
  TripEntity,
  TripDelegateEntity,
  MeetingEntity,
  MeetingOrganisationEntity,
  MeetingParticipantEntity,
  LeadEntity,
  LeadOrganisationEntity,
  LeadContactEntity,
  LeadStageChangeEntity,
  PartnershipEntity,
  PartnershipPartyEntity,
  TaskEntity,
  NoteEntity,
  TaggingEntity,
  MutationReceiptEntity,
  DigestEntity,
  JobRunEntity,
  TeamEntity,
  TeamMemberEntity,
  RecordAccessEntity,
  DuplicatePairEntity,
  DuplicateDismissalEntity,
  RecordMergeEntity,
  CalendarFeedEntity,
];
