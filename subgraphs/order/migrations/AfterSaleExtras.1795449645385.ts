import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AfterSaleExtras1795449645385 implements MigrationInterface {
  name = 'AfterSaleExtras1795449645385';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `tax_exemption_certificates` (`id` varchar(36) NOT NULL, `orderId` varchar(36) NOT NULL, `certificateNumber` varchar(40) NOT NULL, `issuingCountry` varchar(2) NOT NULL, `issuingRegion` varchar(100) NULL, `holderAddressData` text NOT NULL, `state` varchar(16) NOT NULL, `submittedAt` datetime(3) NOT NULL, `decidedAt` datetime(3) NULL, `decidedBy` varchar(36) NULL, `rejectionReason` varchar(500) NULL, `refundId` varchar(36) NULL, INDEX `ix_tax_exemptions_order` (`orderId`, `submittedAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `order_items` ADD `backupCdForOrderItemId` varchar(36) NULL");
    await queryRunner.query("ALTER TABLE `orders` ADD `relatedOrderId` varchar(36) NULL");
    await queryRunner.query("CREATE INDEX `ix_order_items_backup_cd_for` ON `order_items` (`backupCdForOrderItemId`)");
    await queryRunner.query("CREATE INDEX `ix_orders_related` ON `orders` (`relatedOrderId`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_orders_related` ON `orders`");
    await queryRunner.query("DROP INDEX `ix_order_items_backup_cd_for` ON `order_items`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `relatedOrderId`");
    await queryRunner.query("ALTER TABLE `order_items` DROP COLUMN `backupCdForOrderItemId`");
    await queryRunner.query("DROP INDEX `ix_tax_exemptions_order` ON `tax_exemption_certificates`");
    await queryRunner.query("DROP TABLE `tax_exemption_certificates`");
  }
}
