import type { QueryResult, QueryResultRow } from 'pg';

/**
 * Anything that runs a query: the pool (one statement, any connection) or a client inside a
 * transaction. Every table function takes one first, so callers choose the transaction scope.
 */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<QueryResult<R>>;
}
