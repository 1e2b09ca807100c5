import { isLocalDate, isLocalDateTime } from './dates';

describe('local date validation', () => {
  it.each([
    ['2024-05-13', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['13.05.2024', false],
    ['2024-05-13T10:00', false],
  ])('isLocalDate(%s) = %s', (value, expected) => expect(isLocalDate(value)).toBe(expected));

  it.each([
    ['2024-05-14T14:00', true],
    ['2024-05-14T14:00:30', true],
    ['2024-05-14T24:00', false],
    ['2024-05-14T14:00+02:00', false],
    ['2024-05-14', false],
  ])('isLocalDateTime(%s) = %s', (value, expected) => expect(isLocalDateTime(value)).toBe(expected));
});
