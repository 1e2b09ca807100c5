import { AsyncLocalStorage } from 'node:async_hooks';
import { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { LiaisonException } from '../errors/liaison.exception';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** Lazy: the COUNT query starts only when the field is read, i.e. when a client asked for it. */
  readonly totalCount: Promise<number>;
}

/** A Relay connection type for `T`: edges, node, cursor, pageInfo, totalCount. */
export function Connection<T>(nodeType: Type<T>): Type<Connection<T>> {
  @ObjectType(`${nodeType.name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType({ isAbstract: true })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'Number of records matching the filter, all pages together' })
    totalCount: number;
  }
  return ConnectionType as unknown as Type<Connection<T>>;
}

/** Keyset cursors: the sort key values of the last row, opaque to clients. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number, field = 'after'): unknown[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity) return values;
  } catch {
    // fall through to the error below
  }
  throw LiaisonException.badInput(field, `${field} is not a valid cursor`);
}

/**
 * Builds a connection from `first + 1` rows fetched after the cursor:
 * the extra row only tells whether another page exists.
 */
export function toConnection<Row, T>(
  rows: Row[],
  first: number,
  after: string | undefined,
  toNode: (row: Row) => T,
  cursorOf: (row: Row) => unknown[],
  totalCount: () => Promise<number>,
): Connection<T> {
  // The count runs later, when the field is read: in the async context of the
  // page (its viewer, its request), not of whoever reads the field.
  const inPageContext = AsyncLocalStorage.snapshot();
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: encodeCursor(cursorOf(row)), node: toNode(row) }));
  let count: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      count ??= inPageContext(totalCount);
      return count;
    },
  };
}

/** A cursor value as JSON: dates as ISO strings, everything else as is. */
function cursorValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * The connection for rows from `findKeysetPage`: each row's `sortKey` and id
 * become its cursor, and `sortKey` is dropped from the node.
 */
export function keysetConnection<T extends { id: string }>(
  rows: (T & { sortKey: unknown })[],
  first: number,
  after: string | undefined,
  totalCount: () => Promise<number>,
): Connection<T> {
  return toConnection(
    rows,
    first,
    after,
    ({ sortKey: _sortKey, ...node }) => node as unknown as T,
    (row) => [cursorValue(row.sortKey), row.id],
    totalCount,
  );
}
