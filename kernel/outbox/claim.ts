import type { DataSource, EntityManager, SelectQueryBuilder, ObjectLiteral } from 'typeorm';

/**
 * Row claims that several replicas can make at once: on MySQL/MariaDB `FOR UPDATE SKIP
 * LOCKED`, so two workers never take the same row and neither waits for the other. SQLite
 * (the embedded default, one process per database) has no row locks and needs none: its
 * writes are serialised, and each claim runs in one transaction.
 */
function isMysqlFamily(dataSource: DataSource): boolean {
  return dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';
}

export function lockForClaim<T extends ObjectLiteral>(dataSource: DataSource, query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return isMysqlFamily(dataSource) ? query.setLock('pessimistic_write').setOnLocked('skip_locked') : query;
}

/**
 * The short transaction of a claim. On MySQL it runs READ COMMITTED: InnoDB then keeps locks
 * only on the rows the claim takes, not on every row it looked at (REPEATABLE READ would
 * also hold gap locks), so concurrent claims find the rows they should skip and no more.
 */
export function claimTransaction<T>(dataSource: DataSource, run: (manager: EntityManager) => Promise<T>): Promise<T> {
  return isMysqlFamily(dataSource) ? dataSource.transaction('READ COMMITTED', run) : dataSource.transaction(run);
}

/** A plain row lock for a read-modify-write (MySQL); SQLite serialises writers already. */
export function lockForUpdate<T extends ObjectLiteral>(dataSource: DataSource, query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return isMysqlFamily(dataSource) ? query.setLock('pessimistic_write') : query;
}
