import { Injectable } from '@nestjs/common';
import { Confidentiality } from '../access/confidentiality.enum';
import { LoaderRegistry } from '../common/dataloader/loader-registry';
import { MeetingStatus, ParticipantSide } from '../meetings/meeting.enums';
import { Meeting, Participant } from '../meetings/meeting.model';
import { MeetingsService } from '../meetings/meetings.service';
import { PeopleService } from '../people/people.service';
import { Person } from '../people/person.model';
import { Task } from '../tasks/task.model';
import { CalendarEvent, CalendarPerson } from './icalendar';

/** UIDs stay the same for a record whatever file or feed carries it, so a calendar app keeps one copy. */
export const meetingUid = (id: string) => `meeting-${id}@liaison`;
export const taskUid = (id: string) => `task-${id}@liaison`;

const nameOf = (person: Person) => `${person.givenName} ${person.familyName}`.trim();

function paragraphs(...parts: (string | null | undefined)[]): string | null {
  const present = parts.filter((part): part is string => !!part && part.trim() !== '');
  return present.length ? present.join('\n\n') : null;
}

/**
 * Meetings and tasks as calendar events. Participants with an email are
 * attendees; the first of our side (INTERNAL) with one is the organiser;
 * those without an email are named in the description, as are the
 * organisations, the agenda, the outcome and a cancellation's reason.
 * SEQUENCE is the record's version less one: it rises with every update.
 */
@Injectable()
export class CalendarEventsService {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly people: PeopleService,
  ) {}

  /** One statement each for the participants, their people, the organisation links and the organisations. */
  async ofMeetings(meetings: readonly Meeting[], loaders: LoaderRegistry): Promise<CalendarEvent[]> {
    const [participants, organisations] = await Promise.all([
      Promise.all(meetings.map((meeting) => this.meetings.participantsOf(meeting.id, loaders))),
      Promise.all(meetings.map((meeting) => this.meetings.organisationsOf(meeting.id, loaders))),
    ]);
    const personIds = [...new Set(participants.flat().map((participant) => participant.personId))];
    const people = new Map<string, Person>();
    (await this.people.byId(loaders).loadMany(personIds)).forEach((person) => {
      if (person && !(person instanceof Error)) people.set(person.id, person);
    });
    return meetings.map((meeting, i) =>
      meetingEvent(meeting, participants[i], people, organisations[i].map((organisation) => organisation.name)),
    );
  }

  ofTasks(tasks: readonly Task[]): CalendarEvent[] {
    return tasks
      .filter((task): task is Task & { dueDate: string } => !!task.dueDate)
      .map((task) => ({
        uid: taskUid(task.id),
        sequence: task.version - 1,
        createdAt: new Date(task.createdAt),
        updatedAt: new Date(task.updatedAt),
        time: { day: task.dueDate },
        summary: `Due: ${task.title}`,
        description: task.description,
        location: null,
        cancelled: false,
        confidential: false,
        organizer: null,
        attendees: [],
        categories: [task.isCommitment ? 'COMMITMENT' : 'TASK'],
      }));
  }
}

function meetingEvent(meeting: Meeting, participants: Participant[], people: Map<string, Person>, organisations: string[]): CalendarEvent {
  const attendees: (CalendarPerson & { side: ParticipantSide })[] = [];
  const withoutEmail: string[] = [];
  for (const participant of participants) {
    const person = people.get(participant.personId);
    if (!person) continue;
    const email = person.emails[0]?.address;
    if (email) attendees.push({ name: nameOf(person), email, side: participant.side });
    else withoutEmail.push(nameOf(person));
  }
  const organizer = attendees.find((attendee) => attendee.side === ParticipantSide.INTERNAL);
  const cancelled = meeting.status === MeetingStatus.CANCELLED;
  return {
    uid: meetingUid(meeting.id),
    sequence: meeting.version - 1,
    createdAt: new Date(meeting.createdAt),
    updatedAt: new Date(meeting.updatedAt),
    time: { start: new Date(meeting.startsAt), end: meeting.endsAt ? new Date(meeting.endsAt) : null, timeZone: meeting.timeZone },
    summary: meeting.title,
    description: paragraphs(
      cancelled ? `Cancelled: ${meeting.cancelReason ?? ''}`.trim() : null,
      meeting.agenda,
      organisations.length ? `Organisations: ${organisations.join(', ')}` : null,
      withoutEmail.length ? `Also taking part: ${withoutEmail.join(', ')}` : null,
      meeting.outcomeSummary ? `Outcome: ${meeting.outcomeSummary}` : null,
    ),
    location: meeting.location,
    cancelled,
    confidential: meeting.confidentiality === Confidentiality.CONFIDENTIAL,
    organizer: organizer ? { name: organizer.name, email: organizer.email } : null,
    attendees: attendees.map(({ name, email }) => ({ name, email })),
    categories: [meeting.kind],
  };
}
