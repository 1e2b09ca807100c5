import { CronTime } from 'cron';

const WALL_CLOCK = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

function wallClock(at: Date, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts = Object.fromEntries(WALL_CLOCK(timeZone).formatToParts(at).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The calendar date (`YYYY-MM-DD`) it is at `at` in the zone. */
export function localDate(at: Date, timeZone: string): string {
  const { year, month, day } = wallClock(at, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** How far the zone's wall clock is ahead of UTC at `at`, in milliseconds. */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const c = wallClock(at, timeZone);
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the local day `date` begins in the zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const midnightAsUtc = Date.parse(`${date}T00:00:00Z`);
  // The offset at UTC midnight may differ from the one at local midnight
  // (a DST switch in between): correct once with the offset found.
  const guess = midnightAsUtc - zoneOffsetMs(new Date(midnightAsUtc), timeZone);
  return new Date(midnightAsUtc - zoneOffsetMs(new Date(guess), timeZone));
}

/** The first time the cron expression fires on the local day `date`, or null if it does not fire that day. */
export function firstScheduledTimeOn(date: string, cron: string, timeZone: string): Date | null {
  const justBefore = new Date(startOfLocalDay(date, timeZone).getTime() - 1);
  const first = new CronTime(cron, timeZone).getNextDateFrom(justBefore, timeZone).toJSDate();
  return localDate(first, timeZone) === date ? first : null;
}

/**
 * After a restart: true when today's scheduled time has already passed, so
 * the run the stopped app would have made is due now (the run itself finds
 * out whether another instance made it).
 */
export function catchUpIsDue(now: Date, cron: string, timeZone: string): boolean {
  const scheduled = firstScheduledTimeOn(localDate(now, timeZone), cron, timeZone);
  return scheduled !== null && scheduled.getTime() <= now.getTime();
}
