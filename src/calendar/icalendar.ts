import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalAttendeeRole, ICalEventClass, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';

export interface CalendarPerson {
  name: string;
  email: string;
}

/** A meeting at its instants, shown in the zone it was agreed in; or a whole day (a task's due date). */
export type CalendarTime = { start: Date; end: Date | null; timeZone: string } | { day: string };

/** One VEVENT: what a meeting or a task's due date becomes. */
export interface CalendarEvent {
  /** Stable across exports and updates: calendar apps match re-imports by it. */
  uid: string;
  /** Rises with every update of the record, so apps replace their copy. */
  sequence: number;
  createdAt: Date;
  /** The record's last change: DTSTAMP and LAST-MODIFIED. */
  updatedAt: Date;
  time: CalendarTime;
  summary: string;
  description: string | null;
  location: string | null;
  cancelled: boolean;
  /** CLASS:CONFIDENTIAL, so shared calendars show the slot only. */
  confidential: boolean;
  organizer: CalendarPerson | null;
  attendees: CalendarPerson[];
  categories: string[];
}

export interface CalendarOptions {
  name: string;
  /** For subscribed feeds: REFRESH-INTERVAL (RFC 7986) and X-PUBLISHED-TTL (Outlook, Apple). */
  refreshSeconds?: number;
}

/**
 * The VTIMEZONE of an IANA zone, or null when the bundled data has none under
 * that very name (an alias, or a zone newer than the data): such a meeting is
 * then written in UTC, which every client reads right, rather than with a
 * TZID no VTIMEZONE defines.
 */
export function vtimezoneOf(zone: string): string | null {
  const component = getVtimezoneComponent(zone);
  return component && /^TZID:(.*)$/m.exec(component)?.[1]?.trim() === zone ? component : null;
}

/** RFC 5545 TEXT escaping, for the one value ical-generator writes as given (the calendar's name). */
function escapeText(value: string): string {
  return value.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * An RFC 5545 calendar of these events, with a VTIMEZONE for each zone they
 * use. Times are written as wall-clock times in the meeting's zone (luxon
 * converts the stored instant), so a 10:00 Europe/Rome meeting reads 10:00 in
 * Rome in any client, whatever the server's zone.
 */
export function writeCalendar(options: CalendarOptions, events: readonly CalendarEvent[]): string {
  const calendar = ical({
    name: escapeText(options.name),
    prodId: { company: 'WFS', product: 'Liaison', language: 'EN' },
    // No calendar-wide zone: DTSTAMP stays in UTC as RFC 5545 requires; the generator adds each event's VTIMEZONE.
    timezone: { name: null, generator: vtimezoneOf },
    ttl: options.refreshSeconds ?? null,
  });
  for (const event of events) {
    const timed = 'start' in event.time ? event.time : null;
    const zone = timed && vtimezoneOf(timed.timeZone) ? timed.timeZone : null;
    const at = (instant: Date) => (zone ? DateTime.fromJSDate(instant, { zone }) : instant);
    calendar.createEvent({
      id: event.uid,
      sequence: event.sequence,
      stamp: event.updatedAt,
      created: event.createdAt,
      lastModified: event.updatedAt,
      ...(timed
        ? { start: at(timed.start), end: timed.end ? at(timed.end) : null, timezone: zone }
        : { start: new Date(`${(event.time as { day: string }).day}T00:00:00Z`), allDay: true }),
      summary: event.summary,
      description: event.description,
      location: event.location,
      status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      class: event.confidential ? ICalEventClass.CONFIDENTIAL : ICalEventClass.PUBLIC,
      organizer: event.organizer,
      attendees: event.attendees.map((person) => ({ ...person, role: ICalAttendeeRole.REQ })),
      categories: event.categories.map((name) => ({ name })),
    });
  }
  // RFC 5545 ends every content line with CRLF, the last one too; ical-generator stops after END:VCALENDAR.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
