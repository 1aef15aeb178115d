import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Returns1795448973285 implements MigrationInterface {
  name = 'Returns1795448973285';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `refund_items` (`id` varchar(36) NOT NULL, `refundId` varchar(36) NOT NULL, `orderItemId` varchar(36) NOT NULL, `quantity` int NOT NULL, `units` text NOT NULL, `currency` varchar(3) NOT NULL, `amountMinor` int NOT NULL, `taxMinor` int NOT NULL, INDEX `ix_refund_items_item` (`orderItemId`), INDEX `ix_refund_items_refund` (`refundId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `orders` ADD `processorLeaseUntil` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `payments` ADD `capturePaymentId` varchar(36) NULL");
    await queryRunner.query("ALTER TABLE `refunds` ADD `kind` varchar(24) NOT NULL DEFAULT 'RETURN'");
    await queryRunner.query("ALTER TABLE `refunds` ADD `taxMinor` int NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE `refunds` ADD `shippingMinor` int NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE `refunds` ADD `reason` varchar(500) NULL");
    await queryRunner.query("ALTER TABLE `refunds` ADD `letterOfDestructionAcceptedAt` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `refunds` ADD `failureReason` varchar(140) NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `refunds` DROP COLUMN `failureReason`");
    await queryRunner.query("ALTER TABLE `refunds` DROP COLUMN `letterOfDestructionAcceptedAt`");
    await queryRunner.query("ALTER TABLE `refunds` DROP COLUMN `reason`");
    await queryRunner.query("ALTER TABLE `refunds` DROP COLUMN `shippingMinor`");
    await queryRunner.query("ALTER TABLE `refunds` DROP COLUMN `taxMinor`");
    await queryRunner.query("ALTER TABLE `refunds` DROP COLUMN `kind`");
    await queryRunner.query("ALTER TABLE `payments` DROP COLUMN `capturePaymentId`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `processorLeaseUntil`");
    await queryRunner.query("DROP INDEX `ix_refund_items_refund` ON `refund_items`");
    await queryRunner.query("DROP INDEX `ix_refund_items_item` ON `refund_items`");
    await queryRunner.query("DROP TABLE `refund_items`");
  }
}
