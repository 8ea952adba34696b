// Borrowing a pooled connection for one unit of work, and giving it back in a state the next
// borrower can trust: a connection whose ROLLBACK failed is closed, never pooled.
import type { Pool, PoolClient } from 'pg';

/** The statement that opens a transaction; READ COMMITTED is PostgreSQL's default. */
export type Begin = 'BEGIN' | 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** Runs `work` in one transaction on one pooled connection: COMMIT if it resolves, ROLLBACK if not. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, begin: Begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  // A connection lost while we hold it (between two queries) is reported as an 'error' event;
  // without a listener Node would treat it as an uncaught exception. The next query fails with
  // the real cause, and the connection is then discarded below.
  const ignore = (): void => undefined;
  client.on('error', ignore);
  let discard: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackFailure) {
      discard = rollbackFailure instanceof Error ? rollbackFailure : new Error(String(rollbackFailure));
    }
    throw e;
  } finally {
    client.off('error', ignore);
    client.release(discard);
  }
}

/** A BIGINT microsecond stamp as pg returns it (text) to a JS number; exact below 2^53. */
export function micros(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`date_added ${String(value)} is not an exact integer number of microseconds`);
  return n;
}
