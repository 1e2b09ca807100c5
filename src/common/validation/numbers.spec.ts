import { hasMaxDecimalPlaces } from './numbers';

describe('decimal places', () => {
  it.each([
    [250000, true],
    [1234.5, true],
    [0.29, true],
    [999_999_999_999.99, true],
    [1.005, false],
    [0.1 + 0.2, false],
    // Exponent notation, on which class-validator's maxDecimalPlaces threw a TypeError.
    [5e-324, false],
    [1e-7, false],
    [1e21, true],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
    ['1.5', false],
  ])('hasMaxDecimalPlaces(%p, 2) = %p', (value, expected) => expect(hasMaxDecimalPlaces(value, 2)).toBe(expected));
});
