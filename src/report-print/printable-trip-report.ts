import { MeetingStatus } from '../meetings/meeting.enums';
import { TripReport } from '../reporting/trip-report.model';
import { DelegateRole } from '../trips/trip.enums';
import { Trip } from '../trips/trip.model';

/** Programme items starting on one local day, by status. */
export interface MeetingsOnDay {
  /** YYYY-MM-DD, the meeting's wall-clock day in its own time zone. */
  day: string;
  held: number;
  planned: number;
  cancelled: number;
}

export interface DelegationMember {
  name: string;
  role: DelegateRole;
}

export interface OpenCommitment {
  title: string;
  dueDate: string | null;
}

/**
 * Everything the printed trip report shows: the tripReport figures as they
 * are, and the names behind its ids. Renderers only format and lay it out.
 */
export interface PrintableTripReport {
  trip: Trip;
  figures: TripReport;
  delegation: DelegationMember[];
  /** Names of the people met for the first time, in the report's order (by family name). */
  newContacts: string[];
  openCommitments: OpenCommitment[];
  meetingsPerDay: MeetingsOnDay[];
  generatedAt: Date;
}

/** A trip of at most this many days shows every day on the chart, empty ones too; a longer one only days with meetings. */
const MAX_CALENDAR_DAYS = 31;

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The trip's days with the programme items starting on each, by status. */
export function meetingsPerDay(
  trip: Pick<Trip, 'startDate' | 'endDate'>,
  meetings: readonly { startsAtLocal: string; status: MeetingStatus }[],
): MeetingsOnDay[] {
  const days = new Map<string, MeetingsOnDay>();
  const dayOf = (day: string) => {
    let entry = days.get(day);
    if (!entry) days.set(day, (entry = { day, held: 0, planned: 0, cancelled: 0 }));
    return entry;
  };
  const calendarDays = (Date.parse(trip.endDate) - Date.parse(trip.startDate)) / 86_400_000 + 1;
  if (calendarDays <= MAX_CALENDAR_DAYS) {
    for (let day = trip.startDate; day <= trip.endDate; day = nextDay(day)) dayOf(day);
  }
  for (const meeting of meetings) {
    const entry = dayOf(meeting.startsAtLocal.slice(0, 10));
    if (meeting.status === MeetingStatus.HELD) entry.held += 1;
    else if (meeting.status === MeetingStatus.PLANNED) entry.planned += 1;
    else entry.cancelled += 1;
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}
