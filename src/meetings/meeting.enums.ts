import { registerEnumType } from '@nestjs/graphql';

export enum MeetingKind {
  VISIT = 'VISIT',
  TALK = 'TALK',
  B2B = 'B2B',
  CALL = 'CALL',
  VIDEO_CALL = 'VIDEO_CALL',
  EVENT = 'EVENT',
}
registerEnumType(MeetingKind, { name: 'MeetingKind' });

export enum MeetingStatus {
  PLANNED = 'PLANNED',
  HELD = 'HELD',
  CANCELLED = 'CANCELLED',
}
registerEnumType(MeetingStatus, {
  name: 'MeetingStatus',
  description: 'PLANNED while the programme is drawn up, HELD once logged, CANCELLED with a reason',
});

export enum ParticipantSide {
  DELEGATION = 'DELEGATION',
  HOST = 'HOST',
  INTERNAL = 'INTERNAL',
}
registerEnumType(ParticipantSide, { name: 'ParticipantSide' });
