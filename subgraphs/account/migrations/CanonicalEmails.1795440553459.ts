import type { MigrationInterface, QueryRunner } from 'typeorm';
import { canonicalEmail } from '../../../kernel/email-address';

/**
 * A1: an account's address is stored in its canonical form (kernel/email-address.ts) and
 * compared byte for byte, so that MySQL answers like SQLite: utf8mb4_unicode_ci took a
 * fullwidth "ｄ" or a trailing NUL for the same address as the plain one, but not a Cyrillic
 * "а", and SQLite took none of them. Written by hand: TypeORM's schema diff does not see
 * collations. Existing addresses are converted here; one that cannot be (not an address by A1,
 * or whose canonical form another account already has) is left as it is and named in the log,
 * for support to settle with its owner.
 */
export class CanonicalEmails1795440553459 implements MigrationInterface {
  name = 'CanonicalEmails1795440553459';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `accounts` MODIFY `email` varchar(254) COLLATE utf8mb4_bin NOT NULL');
    const rows: Array<{ id: string; email: string }> = await queryRunner.query('SELECT `id`, `email` FROM `accounts`');
    const taken = new Set(rows.map((r) => r.email));
    for (const row of rows) {
      const canonical = canonicalEmail(row.email);
      if (canonical.ok && canonical.email === row.email) continue;
      if (!canonical.ok || taken.has(canonical.email)) {
        const why = canonical.ok ? 'its canonical form belongs to another account' : canonical.problem;
        queryRunner.connection.logger.log('warn', `account ${row.id}: e-mail address left unconverted (${why})`, queryRunner);
        continue;
      }
      await queryRunner.query('UPDATE `accounts` SET `email` = ? WHERE `id` = ?', [canonical.email, row.id]);
      taken.add(canonical.email);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The canonical addresses stay: they are valid under the old collation too.
    await queryRunner.query('ALTER TABLE `accounts` MODIFY `email` varchar(254) COLLATE utf8mb4_unicode_ci NOT NULL');
  }
}
