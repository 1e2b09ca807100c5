import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { ErrorCode, LiaisonException } from './liaison.exception';

// PostgreSQL error codes that mean the input, not the server, was wrong: a
// safety net behind service-level validation.
const PG_INPUT_ERRORS: Record<string, ErrorCode> = {
  '23505': ErrorCode.CONFLICT, // unique_violation
  '23503': ErrorCode.BAD_USER_INPUT, // foreign_key_violation
  '23514': ErrorCode.BAD_USER_INPUT, // check_violation
  '22001': ErrorCode.BAD_USER_INPUT, // string_data_right_truncation
  '22P02': ErrorCode.BAD_USER_INPUT, // invalid_text_representation
  '22021': ErrorCode.BAD_USER_INPUT, // character_not_in_repertoire (a NUL in text)
  '22P05': ErrorCode.BAD_USER_INPUT, // untranslatable_character (a NUL in jsonb)
};

export function toGraphQLError(exception: unknown, logger: Logger): GraphQLError {
  if (exception instanceof GraphQLError) return exception;
  if (exception instanceof LiaisonException) {
    return new GraphQLError(exception.message, {
      extensions: { ...exception.details, code: exception.code },
    });
  }
  if (exception instanceof QueryFailedError) {
    const pgCode = (exception.driverError as { code?: string } | undefined)?.code;
    const code = pgCode ? PG_INPUT_ERRORS[pgCode] : undefined;
    if (code) {
      const column = (exception.driverError as { column?: string }).column;
      return new GraphQLError(
        code === ErrorCode.CONFLICT ? 'A record with these values already exists' : 'Invalid input',
        { extensions: { code, ...(column ? { field: column } : {}) } },
      );
    }
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 401) return new GraphQLError(exception.message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
    if (status === 403) return new GraphQLError(exception.message, { extensions: { code: ErrorCode.FORBIDDEN } });
    if (status === 404) return new GraphQLError(exception.message, { extensions: { code: ErrorCode.NOT_FOUND } });
    if (status < 500) return new GraphQLError(exception.message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
  }
  logger.error(exception instanceof Error ? exception : String(exception));
  return new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
};

/** The one place domain and database errors become GraphQL errors (or HTTP errors on REST endpoints). */
@Catch()
export class GraphQLExceptionFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('GraphQL');

  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<string>() === 'graphql') return toGraphQLError(exception, this.logger);
    if (exception instanceof LiaisonException) {
      // REST endpoints (exports, health): the same codes, as HTTP statuses and a JSON body.
      const response = host.switchToHttp().getResponse<Response>();
      response.status(HTTP_STATUS[exception.code]).json({ code: exception.code, message: exception.message, ...exception.details });
      return;
    }
    return super.catch(exception, host);
  }
}
