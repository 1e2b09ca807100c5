import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { isISO31661Alpha2, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * The number in E.164 ("+39 0522 1234567" -> "+3905221234567"), or null when
 * it is not a valid number. A number written without a country code is read
 * as a number of `defaultCountry` (e.g. IT).
 */
export function toE164(number: unknown, defaultCountry?: string | null): string | null {
  if (typeof number !== 'string') return null;
  const parsed = parsePhoneNumberFromString(number, (defaultCountry ?? undefined) as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : null;
}

/** A valid phone number, read with the country named by the sibling property `countryProperty`. */
export function IsPhoneNumberWithCountry(countryProperty: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPhoneNumberWithCountry',
      target: object.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be a valid phone number: with its country code (+39 ...) or with ${countryProperty}`,
        ...options,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const country = (args.object as Record<string, unknown>)[countryProperty];
          // A malformed country gets its own error on its own field, not a misleading one here.
          if (country != null && !isISO31661Alpha2(country)) return true;
          return toE164(value, country as string | null | undefined) !== null;
        },
      },
    });
}
