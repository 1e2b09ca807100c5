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
