import ICAL from 'ical.js';
import { CalendarEvent, vtimezoneOf, writeCalendar } from './icalendar';

function event(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    uid: 'meeting-5a0c6a9e-8a59-4b1e-9a3f-1c2d3e4f5a6b@liaison',
    sequence: 2,
    createdAt: new Date('2024-05-01T09:00:00.000Z'),
    updatedAt: new Date('2024-05-10T16:45:30.000Z'),
    // 10:00 to 12:00 in Rome in May (CEST, UTC+2).
    time: { start: new Date('2024-05-14T08:00:00.000Z'), end: new Date('2024-05-14T10:00:00.000Z'), timeZone: 'Europe/Rome' },
    summary: 'Unternehmensbesuch Brembo; Werk Stezzano, Führung',
    description: 'Agenda:\nBremsscheiben\\Komponenten',
    location: 'Via Brembo 25, Stezzano (BG)',
    cancelled: false,
    confidential: false,
    organizer: { name: 'Anna Schmidt', email: 'anna.schmidt@wfs.example' },
    attendees: [
      { name: 'Anna Schmidt', email: 'anna.schmidt@wfs.example' },
      { name: "Nicolò D'Amico", email: 'nicolo.damico@lamborghini.example' },
    ],
    categories: ['VISIT'],
    ...overrides,
  };
}

// ical.js predates RFC 7986 and reads NAME (and X-WR-CALNAME) as unknown, unescaped; declare them TEXT as that RFC does.
for (const name of ['name', 'x-wr-calname']) (ICAL.design.icalendar.property as Record<string, object>)[name] = { defaultType: 'text' };

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent)) };
}

describe('iCalendar writer', () => {
  it('writes a meeting that ical.js reads back field by field, 10:00 in Rome as 10:00 Europe/Rome', () => {
    const text = writeCalendar({ name: 'Delegationsreise Norditalien 2024' }, [event()]);
    const { calendar, events } = parse(text);
    const [read] = events;
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(read.uid).toBe('meeting-5a0c6a9e-8a59-4b1e-9a3f-1c2d3e4f5a6b@liaison');
    expect(read.sequence).toBe(2);
    expect(read.summary).toBe('Unternehmensbesuch Brembo; Werk Stezzano, Führung');
    expect(read.description).toBe('Agenda:\nBremsscheiben\\Komponenten');
    expect(read.location).toBe('Via Brembo 25, Stezzano (BG)');
    expect(read.startDate.zone.tzid).toBe('Europe/Rome');
    expect([read.startDate.hour, read.startDate.minute, read.endDate.hour]).toEqual([10, 0, 12]);
    // The offset comes from the file's own VTIMEZONE: the instant is the stored one.
    expect(read.startDate.toJSDate().toISOString()).toBe('2024-05-14T08:00:00.000Z');
    expect(read.endDate.toJSDate().toISOString()).toBe('2024-05-14T10:00:00.000Z');
    expect(text).toContain('\r\nDTSTART;TZID=Europe/Rome:20240514T100000\r\n');
    expect(read.organizer).toBe('mailto:anna.schmidt@wfs.example');
    expect(read.component.getFirstProperty('organizer')!.getParameter('cn')).toBe('Anna Schmidt');
    expect(read.attendees.map((a) => [a.getParameter('cn'), String(a.getFirstValue()).toLowerCase()])).toEqual([
      ['Anna Schmidt', 'mailto:anna.schmidt@wfs.example'],
      ["Nicolò D'Amico", 'mailto:nicolo.damico@lamborghini.example'],
    ]);
    expect(read.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(read.component.getFirstPropertyValue('class')).toBe('PUBLIC');
    expect(read.component.getFirstPropertyValue('categories')).toBe('VISIT');
    expect(read.component.getFirstPropertyValue('dtstamp')!.toString()).toBe('2024-05-10T16:45:30Z');
    expect(read.component.getFirstPropertyValue('last-modified')!.toString()).toBe('2024-05-10T16:45:30Z');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Delegationsreise Norditalien 2024');
  });

  it("does not depend on the server's time zone", () => {
    const original = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(writeCalendar({ name: 'x' }, [event()])).toContain('\r\nDTSTART;TZID=Europe/Rome:20240514T100000\r\n');
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });

  it('adds one VTIMEZONE per zone used, follows daylight saving time, and falls back to UTC for a zone it has no VTIMEZONE for', () => {
    const text = writeCalendar({ name: 'Programm' }, [
      event({ uid: 'a@liaison' }),
      event({ uid: 'b@liaison', time: { start: new Date('2024-01-15T13:00:00.000Z'), end: null, timeZone: 'Europe/Rome' } }),
      event({ uid: 'c@liaison', time: { start: new Date('2024-05-13T07:30:00.000Z'), end: null, timeZone: 'Europe/Berlin' } }),
      event({ uid: 'd@liaison', time: { start: new Date('2024-05-13T07:30:00.000Z'), end: null, timeZone: 'Europe/Kyiv' } }),
    ]);
    const { calendar, events } = parse(text);
    expect(calendar.getAllSubcomponents('vtimezone').map((zone) => zone.getFirstPropertyValue('tzid'))).toEqual(['Europe/Rome', 'Europe/Berlin']);
    const [may, january, berlin, kyiv] = events;
    expect(may.startDate.hour).toBe(10);
    expect([january.startDate.hour, january.startDate.toJSDate().toISOString()]).toEqual([14, '2024-01-15T13:00:00.000Z']);
    expect(january.endDate.toJSDate().toISOString()).toBe('2024-01-15T13:00:00.000Z');
    expect([berlin.startDate.zone.tzid, berlin.startDate.hour, berlin.startDate.minute]).toEqual(['Europe/Berlin', 9, 30]);
    expect(berlin.startDate.toJSDate().toISOString()).toBe('2024-05-13T07:30:00.000Z');
    expect(vtimezoneOf('Europe/Kyiv')).toBeNull();
    expect(kyiv.startDate.zone.tzid).toBe('UTC');
    expect(kyiv.startDate.toJSDate().toISOString()).toBe('2024-05-13T07:30:00.000Z');
  });

  it('marks a cancelled meeting STATUS:CANCELLED and a confidential one CLASS:CONFIDENTIAL', () => {
    const { events } = parse(writeCalendar({ name: 'x' }, [event({ cancelled: true, confidential: true })]));
    expect(events[0].component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(events[0].component.getFirstPropertyValue('class')).toBe('CONFIDENTIAL');
  });

  it('writes a due date as a whole day, an event without organiser or attendees, and refresh hints for feeds', () => {
    const text = writeCalendar({ name: 'Liaison: Anna Schmidt (demo, WFS); Termine', refreshSeconds: 3600 }, [
      event({ uid: 'task-1@liaison', time: { day: '2024-06-15' }, organizer: null, attendees: [], location: null, description: null, categories: [] }),
    ]);
    const { calendar, events } = parse(text);
    expect(events[0].startDate.isDate).toBe(true);
    expect(events[0].startDate.toString()).toBe('2024-06-15');
    expect(events[0].organizer).toBeNull();
    expect(events[0].attendees).toEqual([]);
    expect(calendar.getFirstPropertyValue('refresh-interval')!.toString()).toBe('PT1H');
    expect(calendar.getFirstPropertyValue('x-published-ttl')).toBe('PT1H');
    expect(calendar.getFirstPropertyValue('name')).toBe('Liaison: Anna Schmidt (demo, WFS); Termine');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Liaison: Anna Schmidt (demo, WFS); Termine');
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
    expect(text.endsWith('\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});
