import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * True for a finite number written with at most `places` decimals. Not
 * class-validator's `maxDecimalPlaces`: it splits `toString()` on ".", which
 * throws on exponent notation (5e-324, 1e-7) and turned such input into a 500.
 */
export function hasMaxDecimalPlaces(value: unknown, places: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value;
}

export function MaxDecimalPlaces(places: number, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'maxDecimalPlaces',
      target: object.constructor,
      propertyName,
      constraints: [places],
      options: { message: `${propertyName} must have at most ${places} decimals`, ...options },
      validator: { validate: (value: unknown) => hasMaxDecimalPlaces(value, places) },
    });
}
