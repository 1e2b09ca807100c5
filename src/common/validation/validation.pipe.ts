import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { LiaisonException } from '../errors/liaison.exception';

/** First failing constraint of the first failing property, with its path (`sectors.2`). */
export function firstFailure(errors: ValidationError[], prefix = ''): { field: string; message: string } | undefined {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const constraint = Object.values(error.constraints ?? {})[0];
    if (constraint) return { field, message: constraint };
    const nested = firstFailure(error.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

// PostgreSQL text cannot hold NUL; a lone UTF-16 surrogate is no Unicode at all:
// the driver would store U+FFFD instead, and validator.js's encodeURI throws on it.
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first string that is not storable text, with its path (`input.emails.0.label`) and what is wrong with it. */
function unstorableText(value: unknown, path: string): { field: string; message: string } | undefined {
  if (typeof value === 'string') {
    if (NUL.test(value)) return { field: path, message: `${path} must not contain a NUL character` };
    if (LONE_SURROGATE.test(value)) return { field: path, message: `${path} must be valid Unicode (it has a lone surrogate)` };
    return undefined;
  }
  const entries = Array.isArray(value) ? [...value.entries()] : isPlainObject(value) ? Object.entries(value) : [];
  for (const [key, item] of entries) {
    const found = unstorableText(item, path ? `${path}.${key}` : String(key));
    if (found) return found;
  }
  return undefined;
}

/**
 * class-validator on every argument: unknown properties are rejected, values
 * transformed to their DTO classes, and the first failure becomes
 * BAD_USER_INPUT naming the field.
 */
@Injectable()
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      stopAtFirstError: true,
      validateCustomDecorators: false,
      exceptionFactory: (errors) => {
        const failure = firstFailure(errors) ?? { field: 'input', message: 'is invalid' };
        return LiaisonException.badInput(failure.field, failure.message);
      },
    });
  }

  /** Prefixes the field with the argument name (`input.name`), so it is the path from the operation's arguments. */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const unstorable = unstorableText(value, metadata.data ?? '');
      if (unstorable) throw LiaisonException.badInput(unstorable.field, unstorable.message);
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof LiaisonException && metadata.data && typeof error.details.field === 'string') {
        throw LiaisonException.badInput(`${metadata.data}.${error.details.field}`, error.message);
      }
      throw error;
    }
  }
}
