import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795325658746 implements MigrationInterface {
  name = 'Initial1795325658746';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `orders` (`id` varchar(36) NOT NULL, `number` varchar(20) NOT NULL, `accountId` varchar(36) NOT NULL, `kind` varchar(24) NOT NULL, `state` varchar(24) NOT NULL, `placedAt` datetime(3) NOT NULL, `currency` varchar(3) NOT NULL, `subtotalAmount` int NOT NULL, `shippingAmount` int NOT NULL, `taxAmount` int NOT NULL, `totalAmount` int NOT NULL, `paymentKind` varchar(16) NOT NULL, `cardBrand` varchar(24) NULL, `cardLast4` varchar(4) NULL, INDEX `ix_orders_account_placed` (`accountId`, `placedAt`, `id`), UNIQUE INDEX `IDX_4e174e347d448617acdf98fef0` (`number`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `invoices` (`id` varchar(36) NOT NULL, `orderId` varchar(36) NOT NULL, `number` varchar(24) NOT NULL, `issuedAt` datetime(3) NOT NULL, `seller` varchar(200) NOT NULL, `billingName` varchar(200) NOT NULL, `billingLine1` varchar(200) NOT NULL, `billingLine2` varchar(200) NULL, `billingCity` varchar(100) NOT NULL, `billingRegion` varchar(100) NULL, `billingPostalCode` varchar(20) NOT NULL, `billingCountry` varchar(2) NOT NULL, `currency` varchar(3) NOT NULL, `subtotalAmount` int NOT NULL, `taxAmount` int NOT NULL, `totalAmount` int NOT NULL, UNIQUE INDEX `IDX_a58a78a0e0031dd93a2f56f1e8` (`orderId`), UNIQUE INDEX `IDX_6b20aa66f2a835a4f2fbde4872` (`number`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `order_items` (`id` varchar(36) NOT NULL, `orderId` varchar(36) NOT NULL, `productId` varchar(36) NOT NULL, `quantity` int NOT NULL, `currency` varchar(3) NOT NULL, `unitPriceAmount` int NOT NULL, `taxAmount` int NOT NULL, `totalAmount` int NOT NULL, INDEX `ix_order_items_order` (`orderId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `products` (`id` varchar(36) NOT NULL, `sku` varchar(64) NOT NULL, `name` varchar(200) NOT NULL, `delivery` varchar(24) NOT NULL, `term` varchar(16) NULL, `autoRenewAvailable` tinyint NOT NULL DEFAULT 0, `isAddOn` tinyint NOT NULL DEFAULT 0, `priceAmount` int NOT NULL, `currency` varchar(3) NOT NULL, UNIQUE INDEX `IDX_c44ac33a05b144dd0d9ddcf932` (`sku`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `refunds` (`id` varchar(36) NOT NULL, `orderId` varchar(36) NOT NULL, `state` varchar(40) NOT NULL, `currency` varchar(3) NOT NULL, `amountMinor` int NOT NULL, `requestedAt` datetime(3) NOT NULL, `initiatedAt` datetime(3) NULL, `expectedCreditBy` datetime(3) NULL, `creditedAt` datetime(3) NULL, INDEX `ix_refunds_order` (`orderId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_refunds_order` ON `refunds`");
    await queryRunner.query("DROP TABLE `refunds`");
    await queryRunner.query("DROP INDEX `IDX_c44ac33a05b144dd0d9ddcf932` ON `products`");
    await queryRunner.query("DROP TABLE `products`");
    await queryRunner.query("DROP INDEX `ix_order_items_order` ON `order_items`");
    await queryRunner.query("DROP TABLE `order_items`");
    await queryRunner.query("DROP INDEX `IDX_6b20aa66f2a835a4f2fbde4872` ON `invoices`");
    await queryRunner.query("DROP INDEX `IDX_a58a78a0e0031dd93a2f56f1e8` ON `invoices`");
    await queryRunner.query("DROP TABLE `invoices`");
    await queryRunner.query("DROP INDEX `IDX_4e174e347d448617acdf98fef0` ON `orders`");
    await queryRunner.query("DROP INDEX `ix_orders_account_placed` ON `orders`");
    await queryRunner.query("DROP TABLE `orders`");
  }
}
