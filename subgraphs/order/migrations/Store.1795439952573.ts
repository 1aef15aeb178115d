import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Store1795439952573 implements MigrationInterface {
  name = 'Store1795439952573';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `product_prices` (`productId` varchar(36) NOT NULL, `currency` varchar(3) NOT NULL, `amount` int NOT NULL, PRIMARY KEY (`productId`, `currency`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `carts` (`idHash` varchar(64) NOT NULL, `accountId` varchar(36) NULL, `state` varchar(16) NOT NULL, `currency` varchar(3) NOT NULL, `email` varchar(254) NULL, `billingAddress` text NULL, `shippingAddress` text NULL, `shippingMethod` varchar(40) NULL, `subtotalAmount` int NOT NULL DEFAULT '0', `shippingAmount` int NOT NULL DEFAULT '0', `shippingTaxAmount` int NOT NULL DEFAULT '0', `taxAmount` int NOT NULL DEFAULT '0', `totalAmount` int NOT NULL DEFAULT '0', `taxIncluded` tinyint NOT NULL DEFAULT 0, `quoteComplete` tinyint NOT NULL DEFAULT 0, `orderId` varchar(36) NULL, `createdAt` datetime(3) NOT NULL, `updatedAt` datetime(3) NOT NULL, `expiresAt` datetime(3) NOT NULL, INDEX `ix_carts_expires` (`expiresAt`), PRIMARY KEY (`idHash`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `cart_lines` (`id` varchar(36) NOT NULL, `cartIdHash` varchar(64) NOT NULL, `position` int NOT NULL, `productId` varchar(36) NOT NULL, `quantity` int NOT NULL, `autoRenew` tinyint NOT NULL DEFAULT 0, `backupCdForLineId` varchar(36) NULL, `backupCdForOrderItemId` varchar(36) NULL, `unitPriceAmount` int NOT NULL DEFAULT '0', `taxAmount` int NOT NULL DEFAULT '0', `totalAmount` int NOT NULL DEFAULT '0', INDEX `ix_cart_lines_cart` (`cartIdHash`, `position`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `payments` (`id` varchar(36) NOT NULL, `orderId` varchar(36) NOT NULL, `kind` varchar(24) NOT NULL, `state` varchar(16) NOT NULL, `currency` varchar(3) NOT NULL, `amountMinor` int NOT NULL, `createdAt` datetime(3) NOT NULL, `settledAt` datetime(3) NULL, `idempotencyKey` varchar(80) NOT NULL, `processorId` varchar(100) NULL, `shipmentId` varchar(36) NULL, `refundId` varchar(36) NULL, `failureReason` varchar(40) NULL, `processorCode` varchar(100) NULL, INDEX `ix_payments_order` (`orderId`, `createdAt`), UNIQUE INDEX `IDX_743b9fb1d2a059f2f7860418e4` (`idempotencyKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `payment_attempts` (`id` varchar(36) NOT NULL, `cartIdHash` varchar(64) NOT NULL, `lockKey` varchar(64) NULL, `state` varchar(16) NOT NULL, `currency` varchar(3) NOT NULL, `amount` int NOT NULL, `paymentKind` varchar(16) NOT NULL, `cardBrand` varchar(24) NULL, `cardLast4` varchar(4) NULL, `declineReason` varchar(40) NULL, `processorCode` varchar(100) NULL, `errorNumber` varchar(20) NULL, `authorizationId` varchar(100) NULL, `orderId` varchar(36) NULL, `createdAt` datetime(3) NOT NULL, `resolvedAt` datetime(3) NULL, INDEX `ix_payment_attempts_cart` (`cartIdHash`, `createdAt`), UNIQUE INDEX `IDX_dcc004f5eb37d5334a1d67721b` (`lockKey`), UNIQUE INDEX `IDX_7fc8319e93224d3bf8b0e2abf8` (`errorNumber`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `shipments` (`id` varchar(36) NOT NULL, `orderId` varchar(36) NOT NULL, `orderItemId` varchar(36) NOT NULL, `methodCode` varchar(40) NOT NULL, `state` varchar(16) NOT NULL, `shipBy` datetime(3) NOT NULL, `shippedAt` datetime(3) NULL, `estimatedDeliveryBy` datetime(3) NULL, `trackingNumber` varchar(40) NULL, `chargeAmount` int NOT NULL, `currency` varchar(3) NOT NULL, INDEX `ix_shipments_order` (`orderId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `invoice_counters` (`series` varchar(20) NOT NULL, `next` int NOT NULL, PRIMARY KEY (`series`)) ENGINE=InnoDB");
    // Each product's one price becomes the first entry of its price lists (O1).
    await queryRunner.query("INSERT INTO `product_prices` (`productId`, `currency`, `amount`) SELECT `id`, `currency`, `priceAmount` FROM `products`");
    await queryRunner.query("ALTER TABLE `products` DROP COLUMN `priceAmount`");
    await queryRunner.query("ALTER TABLE `products` DROP COLUMN `currency`");
    await queryRunner.query("ALTER TABLE `orders` ADD `email` varchar(254) NULL");
    await queryRunner.query("ALTER TABLE `orders` ADD `passwordHash` varchar(200) NULL");
    await queryRunner.query("ALTER TABLE `orders` ADD `cartIdHash` varchar(64) NULL");
    await queryRunner.query("ALTER TABLE `orders` ADD UNIQUE INDEX `IDX_1d82aa54d14c334aa275a0c3d9` (`cartIdHash`)");
    await queryRunner.query("ALTER TABLE `orders` ADD `shippingTaxAmount` int NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE `orders` ADD `taxIncluded` tinyint NOT NULL DEFAULT 0");
    await queryRunner.query("ALTER TABLE `orders` ADD `cardExpiryMonth` smallint NULL");
    await queryRunner.query("ALTER TABLE `orders` ADD `cardExpiryYear` smallint NULL");
    await queryRunner.query("ALTER TABLE `orders` ADD `cardLast5Digest` varchar(64) NULL");
    await queryRunner.query("ALTER TABLE `orders` ADD `authorizationId` varchar(100) NULL");
    await queryRunner.query("ALTER TABLE `orders` ADD `paymentReference` varchar(100) NULL");
    await queryRunner.query("ALTER TABLE `orders` ADD `chargeDescriptor` varchar(40) NOT NULL DEFAULT ''");
    await queryRunner.query("ALTER TABLE `orders` ADD `billingAddressData` text NULL");
    await queryRunner.query("ALTER TABLE `orders` ADD `shippingAddressData` text NULL");
    await queryRunner.query("ALTER TABLE `orders` ADD `shippingMethod` varchar(40) NULL");
    await queryRunner.query("ALTER TABLE `orders` ADD `paymentDueBy` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `order_items` ADD `position` int NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE `order_items` ADD `productName` varchar(200) NOT NULL DEFAULT ''");
    await queryRunner.query("ALTER TABLE `order_items` ADD `delivery` varchar(24) NOT NULL DEFAULT 'DOWNLOAD'");
    await queryRunner.query("ALTER TABLE `order_items` ADD `term` varchar(16) NULL");
    await queryRunner.query("ALTER TABLE `order_items` ADD `devices` int NULL");
    await queryRunner.query("ALTER TABLE `order_items` ADD `autoRenew` tinyint NOT NULL DEFAULT 0");
    await queryRunner.query("ALTER TABLE `order_items` ADD `backupCdForItemId` varchar(36) NULL");
    await queryRunner.query("ALTER TABLE `order_items` ADD `taxRateBasisPoints` int NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE `products` ADD `devices` int NULL");
    await queryRunner.query("ALTER TABLE `products` ADD `position` int NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE `products` ADD `onSale` tinyint NOT NULL DEFAULT 1");
    await queryRunner.query("DROP INDEX `ix_orders_account_placed` ON `orders`");
    await queryRunner.query("ALTER TABLE `orders` CHANGE `accountId` `accountId` varchar(36) NULL");
    await queryRunner.query("CREATE INDEX `ix_orders_email_card` ON `orders` (`email`, `cardLast5Digest`)");
    await queryRunner.query("CREATE INDEX `ix_orders_account_placed` ON `orders` (`accountId`, `placedAt`, `id`)");
    // Existing order lines keep what their product was when bought (names, delivery, term).
    await queryRunner.query("UPDATE `order_items` `oi` JOIN `products` `p` ON `p`.`id` = `oi`.`productId` SET `oi`.`productName` = `p`.`name`, `oi`.`delivery` = `p`.`delivery`, `oi`.`term` = `p`.`term`, `oi`.`devices` = `p`.`devices`");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_orders_account_placed` ON `orders`");
    await queryRunner.query("DROP INDEX `ix_orders_email_card` ON `orders`");
    await queryRunner.query("ALTER TABLE `orders` CHANGE `accountId` `accountId` varchar(36) NOT NULL");
    await queryRunner.query("CREATE INDEX `ix_orders_account_placed` ON `orders` (`accountId`, `placedAt`, `id`)");
    await queryRunner.query("ALTER TABLE `products` DROP COLUMN `onSale`");
    await queryRunner.query("ALTER TABLE `products` DROP COLUMN `position`");
    await queryRunner.query("ALTER TABLE `products` DROP COLUMN `devices`");
    await queryRunner.query("ALTER TABLE `order_items` DROP COLUMN `taxRateBasisPoints`");
    await queryRunner.query("ALTER TABLE `order_items` DROP COLUMN `backupCdForItemId`");
    await queryRunner.query("ALTER TABLE `order_items` DROP COLUMN `autoRenew`");
    await queryRunner.query("ALTER TABLE `order_items` DROP COLUMN `devices`");
    await queryRunner.query("ALTER TABLE `order_items` DROP COLUMN `term`");
    await queryRunner.query("ALTER TABLE `order_items` DROP COLUMN `delivery`");
    await queryRunner.query("ALTER TABLE `order_items` DROP COLUMN `productName`");
    await queryRunner.query("ALTER TABLE `order_items` DROP COLUMN `position`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `paymentDueBy`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `shippingMethod`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `shippingAddressData`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `billingAddressData`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `chargeDescriptor`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `paymentReference`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `authorizationId`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `cardLast5Digest`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `cardExpiryYear`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `cardExpiryMonth`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `taxIncluded`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `shippingTaxAmount`");
    await queryRunner.query("ALTER TABLE `orders` DROP INDEX `IDX_1d82aa54d14c334aa275a0c3d9`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `cartIdHash`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `passwordHash`");
    await queryRunner.query("ALTER TABLE `orders` DROP COLUMN `email`");
    await queryRunner.query("ALTER TABLE `products` ADD `currency` varchar(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `products` ADD `priceAmount` int NOT NULL");
    await queryRunner.query("UPDATE `products` `p` JOIN `product_prices` `pp` ON `pp`.`productId` = `p`.`id` AND `pp`.`currency` = 'USD' SET `p`.`priceAmount` = `pp`.`amount`, `p`.`currency` = 'USD'");
    await queryRunner.query("DROP TABLE `invoice_counters`");
    await queryRunner.query("DROP INDEX `ix_shipments_order` ON `shipments`");
    await queryRunner.query("DROP TABLE `shipments`");
    await queryRunner.query("DROP INDEX `IDX_7fc8319e93224d3bf8b0e2abf8` ON `payment_attempts`");
    await queryRunner.query("DROP INDEX `IDX_dcc004f5eb37d5334a1d67721b` ON `payment_attempts`");
    await queryRunner.query("DROP INDEX `ix_payment_attempts_cart` ON `payment_attempts`");
    await queryRunner.query("DROP TABLE `payment_attempts`");
    await queryRunner.query("DROP INDEX `IDX_743b9fb1d2a059f2f7860418e4` ON `payments`");
    await queryRunner.query("DROP INDEX `ix_payments_order` ON `payments`");
    await queryRunner.query("DROP TABLE `payments`");
    await queryRunner.query("DROP INDEX `ix_cart_lines_cart` ON `cart_lines`");
    await queryRunner.query("DROP TABLE `cart_lines`");
    await queryRunner.query("DROP INDEX `ix_carts_expires` ON `carts`");
    await queryRunner.query("DROP TABLE `carts`");
    await queryRunner.query("DROP TABLE `product_prices`");
  }
}
