import { CreateMeetingInput } from '../../src/meetings/dto/create-meeting.input';
import { MeetingKind } from '../../src/meetings/meeting.enums';

let sequence = 0;

/** A valid meeting input (14:00 in Milan on 14 May 2024); override what the test is about. */
export function meetingInput(overrides: Partial<CreateMeetingInput> = {}): CreateMeetingInput {
  sequence += 1;
  return Object.assign(new CreateMeetingInput(), {
    title: `Gespräch ${sequence}`,
    kind: MeetingKind.VISIT,
    startsAt: '2024-05-14T14:00',
    endsAt: '2024-05-14T15:30',
    timeZone: 'Europe/Rome',
    location: 'Via Roma 1, Milano',
    ...overrides,
  });
}

export const MEETING_FIELDS = `id tripId title kind status cancelReason startsAt endsAt startsAtLocal endsAtLocal timeZone
  location agenda outcomeSummary intendedResult actualResult loggedBy loggedAt archivedAt createdAt updatedAt version`;
