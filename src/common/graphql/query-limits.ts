import type { ApolloDriverConfig } from '@nestjs/apollo';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../errors/liaison.exception';
import { MAX_PAGE_SIZE } from './page.args';

type ApolloServerPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
}

/**
 * graphql-armor's rules throw on rejection by default, which escapes
 * graphql-js validate() and turns into a 500; reported instead, the rejection
 * is an ordinary validation error (HTTP 400, GRAPHQL_VALIDATION_FAILED). Their
 * messages start with a misleading "Syntax Error: ", which is cut.
 */
function reportRejection(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')));
}

const armorRejection = { propagateOnRejection: false, onReject: [reportRejection], exposeLimits: true };

/** Depth and alias limits, checked while the document is validated. */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...armorRejection }) as ValidationRule,
    maxAliasesRule({ n: limits.maxAliases, ...armorRejection }) as ValidationRule,
  ];
}

/** Arguments for graphql-js parse(): a document with more tokens is a syntax error (HTTP 400) before validation. */
export function queryParseOptions(limits: QueryLimits) {
  return { maxTokens: limits.maxTokens };
}

function rejection(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, http: { status: 400 } } });
}

/**
 * Page size and query cost, checked once the operation and its variables are
 * known and before anything executes, so no SQL runs for a rejected request.
 * A field with a `first` argument (every connection, and `tags`) costs
 * 1 + first x (the cost of what is selected inside it); every other field 1
 * plus its selection.
 */
export function queryCostPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          if (!operation) return;
          let badPageSize: number | undefined;
          const pages: ComplexityEstimator = ({ field, args, childComplexity }) => {
            if (!field.args.some((arg) => arg.name === 'first')) return undefined;
            const first = typeof args.first === 'number' ? args.first : MAX_PAGE_SIZE;
            if (first < 1 || first > MAX_PAGE_SIZE) badPageSize ??= first;
            return 1 + Math.min(Math.max(first, 1), MAX_PAGE_SIZE) * childComplexity;
          };
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              operationName: operation.name?.value,
              estimators: [pages, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (error) {
            // Fragments that expand into too many fields (each spread twice, nested).
            if (error instanceof GraphQLError && error.message.includes('maximum allowed number of nodes')) {
              throw rejection('Query is too large: its fragments expand to too many fields', { code: 'GRAPHQL_VALIDATION_FAILED' });
            }
            // Variables that do not fit their types: execution answers BAD_USER_INPUT before any resolver runs.
            return;
          }
          if (badPageSize !== undefined) {
            const message =
              badPageSize < 1 ? 'first must not be less than 1' : `first must not be greater than ${MAX_PAGE_SIZE}`;
            throw rejection(message, { code: ErrorCode.BAD_USER_INPUT, field: 'first' });
          }
          if (cost > limits.maxCost) {
            throw rejection(
              `Query cost ${cost} exceeds the limit of ${limits.maxCost}: ask for smaller pages (first) or fewer fields`,
              { code: 'GRAPHQL_VALIDATION_FAILED', cost, maxCost: limits.maxCost },
            );
          }
        },
      };
    },
  };
}
