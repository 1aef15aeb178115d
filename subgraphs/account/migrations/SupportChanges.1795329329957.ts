import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SupportChanges1795329329957 implements MigrationInterface {
  name = 'SupportChanges1795329329957';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `account_changes` (`id` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `field` varchar(16) NOT NULL, `before` varchar(254) NULL, `after` varchar(254) NULL, `reason` varchar(500) NOT NULL, `changedBy` varchar(36) NOT NULL, `changedAt` datetime(3) NOT NULL, INDEX `ix_account_changes_account` (`accountId`, `changedAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `accounts` ADD `roles` varchar(64) NOT NULL DEFAULT 'customer'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `accounts` DROP COLUMN `roles`");
    await queryRunner.query("DROP INDEX `ix_account_changes_account` ON `account_changes`");
    await queryRunner.query("DROP TABLE `account_changes`");
  }
}
