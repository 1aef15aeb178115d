import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LicensesIssuedByOrders1795438627102 implements MigrationInterface {
  name = 'LicensesIssuedByOrders1795438627102';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `licenses` ADD `orderItemId` varchar(36) NULL");
    await queryRunner.query("ALTER TABLE `licenses` ADD `orderItemUnit` int NULL");
    await queryRunner.query("ALTER TABLE `licenses` CHANGE `expiresAt` `expiresAt` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `licenses` CHANGE `billingPeriod` `billingPeriod` varchar(16) NULL");
    await queryRunner.query("ALTER TABLE `license_terms` CHANGE `expiresAt` `expiresAt` datetime(3) NULL");
    await queryRunner.query("CREATE UNIQUE INDEX `uq_licenses_order_item_unit` ON `licenses` (`orderItemId`, `orderItemUnit`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `uq_licenses_order_item_unit` ON `licenses`");
    await queryRunner.query("ALTER TABLE `license_terms` CHANGE `expiresAt` `expiresAt` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `licenses` CHANGE `billingPeriod` `billingPeriod` varchar(16) NOT NULL");
    await queryRunner.query("ALTER TABLE `licenses` CHANGE `expiresAt` `expiresAt` datetime(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `licenses` DROP COLUMN `orderItemUnit`");
    await queryRunner.query("ALTER TABLE `licenses` DROP COLUMN `orderItemId`");
  }
}
