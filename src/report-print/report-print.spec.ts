import { MeetingStatus } from '../meetings/meeting.enums';
import { meetingsPerDay } from './printable-trip-report';
import { toWinAnsi } from './renderers/pdf.renderer';
import { fileSlug } from './renderers/report-content';

describe('printable trip report, pure parts', () => {
  it('keeps every German and Italian letter for the PDF and falls back to base letters or "?" for the rest', () => {
    expect(toWinAnsi('Queck-Hänel, Straße, Nicolò, Città, perché, „Zitat“ – 19.950.000\u00a0€')).toBe(
      'Queck-Hänel, Straße, Nicolò, Città, perché, „Zitat“ – 19.950.000\u00a0€',
    );
    // Czech and Polish names: Helvetica's WinAnsi has neither ř nor ł.
    expect(toWinAnsi('Dvořák, Łódź, Škoda')).toBe('Dvorák, Lódz, Škoda');
    expect(toWinAnsi('Привет 😀\u202f!')).toBe('?????? ? !');
  });

  it('names files in ASCII', () => {
    expect(fileSlug('Delegationsreise Norditalien 2024')).toBe('delegationsreise-norditalien-2024');
    expect(fileSlug('Ölmühle & Città: "Łódź"')).toBe('oelmuehle-citta-lodz');
    expect(fileSlug('<script>')).toBe('script');
    expect(fileSlug('Привет')).toBe('trip');
  });

  it('shows every day of a short trip and only the busy days of a long one', () => {
    const meetings = [
      { startsAtLocal: '2024-05-14T10:00:00', status: MeetingStatus.HELD },
      { startsAtLocal: '2024-05-14T15:00:00', status: MeetingStatus.CANCELLED },
      { startsAtLocal: '2024-05-16T10:00:00', status: MeetingStatus.PLANNED },
    ];
    expect(meetingsPerDay({ startDate: '2024-05-13', endDate: '2024-05-16' }, meetings)).toEqual([
      { day: '2024-05-13', held: 0, planned: 0, cancelled: 0 },
      { day: '2024-05-14', held: 1, planned: 0, cancelled: 1 },
      { day: '2024-05-15', held: 0, planned: 0, cancelled: 0 },
      { day: '2024-05-16', held: 0, planned: 1, cancelled: 0 },
    ]);
    expect(meetingsPerDay({ startDate: '2024-01-01', endDate: '2024-12-31' }, meetings).map((entry) => entry.day)).toEqual([
      '2024-05-14',
      '2024-05-16',
    ]);
  });
});
