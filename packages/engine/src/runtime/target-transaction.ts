import type { Adapter, AdapterConnection } from '@sluice/adapter-kit';

/**
 * Run `body` in one transaction on `conn`, a target connection of the engine's own: committed when
 * it succeeds, rolled back when it throws (then `onRolledBack` runs, if the rollback went through).
 * The one place the engine begins, commits and rolls back a transaction on a target connection.
 */
export async function withTargetTransaction<T>(target: Adapter, conn: AdapterConnection, body: () => Promise<T>, onRolledBack?: () => Promise<void>): Promise<T> {
  const transactions = target.connector;
  await transactions.begin(conn);
  try {
    const result = await body();
    await transactions.commit(conn);
    return result;
  } catch (error) {
    if (
      await transactions.rollback(conn).then(
        () => true,
        () => false,
      )
    )
      await onRolledBack?.();
    throw error;
  }
}
