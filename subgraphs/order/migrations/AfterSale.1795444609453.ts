import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AfterSale1795444609453 implements MigrationInterface {
  name = 'AfterSale1795444609453';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `throttles` (`key` varchar(120) NOT NULL, `attempts` int NOT NULL, `windowStartedAt` datetime(3) NOT NULL, `lastAttemptAt` datetime(3) NOT NULL, `lockedUntil` datetime(3) NULL, `version` int NOT NULL, PRIMARY KEY (`key`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `product_files` (`id` varchar(36) NOT NULL, `productId` varchar(36) NOT NULL, `position` int NOT NULL DEFAULT '0', `label` varchar(100) NOT NULL, `fileName` varchar(200) NOT NULL, `sizeBytes` int NOT NULL, `sha256` varchar(64) NOT NULL, `storageKey` varchar(200) NOT NULL, `createdAt` datetime(3) NOT NULL, INDEX `ix_product_files_product` (`productId`, `position`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `order_password_resets` (`id` varchar(36) NOT NULL, `orderId` varchar(36) NOT NULL, `tokenHash` varchar(64) NOT NULL, `createdAt` datetime(3) NOT NULL, `expiresAt` datetime(3) NOT NULL, `usedAt` datetime(3) NULL, UNIQUE INDEX `uq_order_password_resets_token` (`tokenHash`), INDEX `ix_order_password_resets_order` (`orderId`, `createdAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `orders` ADD `passwordChangedAt` datetime(3) NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `passwordChangedAt`");
    await queryRunner.query("DROP INDEX `ix_order_password_resets_order` ON `order_password_resets`");
    await queryRunner.query("DROP INDEX `uq_order_password_resets_token` ON `order_password_resets`");
    await queryRunner.query("DROP TABLE `order_password_resets`");
    await queryRunner.query("DROP INDEX `ix_product_files_product` ON `product_files`");
    await queryRunner.query("DROP TABLE `product_files`");
    await queryRunner.query("DROP TABLE `throttles`");
  }
}
