import { Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { toGraphQLError } from './graphql-exception.filter';

function databaseError(code: string): QueryFailedError {
  return new QueryFailedError('INSERT INTO organisations (name) VALUES ($1)', ['x'], Object.assign(new Error('from the driver'), { code }));
}

describe('database errors as GraphQL errors', () => {
  const logger = { error: jest.fn() } as unknown as Logger;

  it.each([
    ['22021', 'a NUL in text'],
    ['22P05', 'a NUL in jsonb'],
    ['22P02', 'text that is no uuid'],
  ])('answers %s (%s) as BAD_USER_INPUT, not a server error', (code) => {
    expect(toGraphQLError(databaseError(code), logger).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers INTERNAL_SERVER_ERROR for anything else, and logs it', () => {
    const error = toGraphQLError(databaseError('40P01'), logger);
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toBe('Internal server error');
    expect(logger.error).toHaveBeenCalled();
  });
});
