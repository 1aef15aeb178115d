import type { DataSource, SelectQueryBuilder, ObjectLiteral } from 'typeorm';

/**
 * Row claims that several replicas can make at once: on MySQL/MariaDB `FOR UPDATE SKIP
 * LOCKED`, so two workers never take the same row and neither waits for the other. SQLite
 * (the embedded default, one process per database) has no row locks and needs none: its
 * writes are serialised, and each claim runs in one transaction.
 */
export function lockForClaim<T extends ObjectLiteral>(dataSource: DataSource, query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  const type = dataSource.options.type;
  return type === 'mysql' || type === 'mariadb' ? query.setLock('pessimistic_write').setOnLocked('skip_locked') : query;
}
