import { Type } from '@nestjs/common';
import { LiaisonException } from '../common/errors/liaison.exception';
import { MAX_PAGE_SIZE, PageArgs } from '../common/graphql/page.args';
import { InputValidationPipe } from '../common/validation/validation.pipe';

/** A list's `filter` and `orderBy` as JSON text, as every list download takes them. */
export interface ExportQuery {
  filter?: string;
  orderBy?: string;
}

const validation = new InputValidationPipe();

/**
 * filter and orderBy arrive as JSON in the query string and are validated
 * like the GraphQL list's arguments; pages are as large as GraphQL allows.
 */
export async function listArgsOf<A extends PageArgs>(argsType: Type<A>, query: ExportQuery): Promise<A> {
  const plain: Record<string, unknown> = { first: MAX_PAGE_SIZE };
  for (const key of ['filter', 'orderBy'] as const) {
    const text = query[key];
    if (text === undefined || text === '') continue;
    try {
      plain[key] = JSON.parse(text);
    } catch {
      throw LiaisonException.badInput(key, `${key} must be JSON, e.g. {"nameContains":"brembo"}`);
    }
  }
  // The pipe GraphQL arguments go through: same defaults, unknown keys refused, NUL and lone surrogates refused.
  return (await validation.transform(plain, { type: 'query', metatype: argsType })) as A;
}
