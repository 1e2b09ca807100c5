/** The error codes a client can act on; each maps to `extensions.code`. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  FORBIDDEN = 'FORBIDDEN',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
}

export interface ErrorDetails {
  /** The offending input field, as a path inside the argument (`name`, `sectors.2`). */
  field?: string;
  /** Extra machine-readable facts, e.g. the current version on a CONFLICT. */
  [key: string]: unknown;
}

/**
 * The one domain exception: services throw it, the global filter turns it into
 * a GraphQL error. Services never build GraphQL errors themselves.
 */
export class LiaisonException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'LiaisonException';
  }

  static badInput(field: string, message: string): LiaisonException {
    return new LiaisonException(ErrorCode.BAD_USER_INPUT, message, { field });
  }

  static notFound(recordType: string, id: string, field = 'id'): LiaisonException {
    return new LiaisonException(ErrorCode.NOT_FOUND, `${recordType} ${id} not found`, { field });
  }

  static conflict(message: string, details: ErrorDetails = {}): LiaisonException {
    return new LiaisonException(ErrorCode.CONFLICT, message, details);
  }

  static forbidden(message = 'You are not allowed to do this'): LiaisonException {
    return new LiaisonException(ErrorCode.FORBIDDEN, message);
  }

  static unauthenticated(message = 'Authentication required'): LiaisonException {
    return new LiaisonException(ErrorCode.UNAUTHENTICATED, message);
  }
}
