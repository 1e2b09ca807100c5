import { loadConfig } from '../config/app-config';
import { catchUpIsDue, firstScheduledTimeOn, localDate, startOfLocalDay } from './digest-schedule';

describe('digest schedule', () => {
  it('names the local date of an instant in the zone', () => {
    expect(localDate(new Date('2026-06-01T22:30:00Z'), 'Europe/Berlin')).toBe('2026-06-02');
    expect(localDate(new Date('2026-06-01T21:59:59Z'), 'Europe/Berlin')).toBe('2026-06-01');
    expect(localDate(new Date('2026-06-01T03:00:00Z'), 'America/New_York')).toBe('2026-05-31');
  });

  it('finds the start of a local day, on DST switch days too', () => {
    expect(startOfLocalDay('2026-06-01', 'Europe/Berlin').toISOString()).toBe('2026-05-31T22:00:00.000Z');
    expect(startOfLocalDay('2026-01-15', 'Europe/Berlin').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(startOfLocalDay('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfLocalDay('2026-10-25', 'Europe/Berlin').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfLocalDay('2026-06-01', 'UTC').toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it("finds a day's first scheduled time in the zone, or none", () => {
    expect(firstScheduledTimeOn('2026-06-01', '0 6 * * *', 'Europe/Berlin')?.toISOString()).toBe('2026-06-01T04:00:00.000Z');
    expect(firstScheduledTimeOn('2026-01-15', '0 6 * * *', 'Europe/Berlin')?.toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(firstScheduledTimeOn('2026-06-01', '0 0 * * *', 'UTC')?.toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(firstScheduledTimeOn('2026-06-01', '30 7,18 * * *', 'Europe/Berlin')?.toISOString()).toBe('2026-06-01T05:30:00.000Z');
    // 2026-06-01 is a Monday: a Sunday-only schedule has nothing that day.
    expect(firstScheduledTimeOn('2026-06-01', '0 6 * * 0', 'Europe/Berlin')).toBeNull();
  });

  it("catches up after a restart only once today's scheduled time has passed", () => {
    expect(catchUpIsDue(new Date('2026-06-01T03:59:59Z'), '0 6 * * *', 'Europe/Berlin')).toBe(false);
    expect(catchUpIsDue(new Date('2026-06-01T04:00:00Z'), '0 6 * * *', 'Europe/Berlin')).toBe(true);
    expect(catchUpIsDue(new Date('2026-06-01T21:00:00Z'), '0 6 * * *', 'Europe/Berlin')).toBe(true);
    // Just after midnight in Berlin it is a new day there whose 06:00 is still ahead.
    expect(catchUpIsDue(new Date('2026-06-01T22:30:00Z'), '0 6 * * *', 'Europe/Berlin')).toBe(false);
    expect(catchUpIsDue(new Date('2026-06-01T12:00:00Z'), '0 6 * * 0', 'Europe/Berlin')).toBe(false);
  });

  it('reads the digest settings, on by default except in tests', () => {
    expect(loadConfig({})).toMatchObject({ DIGEST_CRON: '0 6 * * *', DIGEST_TIME_ZONE: 'Europe/Berlin', DIGEST_STALE_DAYS: 30, digestEnabled: true });
    expect(loadConfig({ NODE_ENV: 'test' }).digestEnabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', DIGEST_ENABLED: 'true' }).digestEnabled).toBe(true);
    expect(loadConfig({ DIGEST_ENABLED: 'false' }).digestEnabled).toBe(false);
    expect(loadConfig({ DIGEST_CRON: '30 5 * * 1-5', DIGEST_TIME_ZONE: 'Europe/Rome', DIGEST_STALE_DAYS: '14' })).toMatchObject({
      DIGEST_CRON: '30 5 * * 1-5',
      DIGEST_TIME_ZONE: 'Europe/Rome',
      DIGEST_STALE_DAYS: 14,
    });
  });

  it.each([
    [{ DIGEST_CRON: 'every morning' }, 'DIGEST_CRON'],
    [{ DIGEST_CRON: '61 6 * * *' }, 'DIGEST_CRON'],
    [{ DIGEST_TIME_ZONE: 'Europe/Dresden' }, 'DIGEST_TIME_ZONE'],
    [{ DIGEST_ENABLED: 'yes' }, 'DIGEST_ENABLED'],
    [{ DIGEST_STALE_DAYS: '0' }, 'DIGEST_STALE_DAYS'],
  ])('stops on %j with one line naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} [^\\n]+$`));
  });
});
