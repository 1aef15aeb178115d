import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SandboxProcessor1795438682982 implements MigrationInterface {
  name = 'SandboxProcessor1795438682982';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `sandbox_processor_calls` (`idempotencyKey` varchar(128) COLLATE \"utf8mb4_bin\" NOT NULL, `operation` varchar(16) NOT NULL, `fingerprint` varchar(64) NOT NULL, `result` text NOT NULL, `createdAt` datetime(3) NOT NULL, PRIMARY KEY (`idempotencyKey`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `sandbox_payment_methods` (`id` varchar(40) NOT NULL, `kind` varchar(8) NOT NULL, `behaviour` varchar(16) NOT NULL, `network` varchar(24) NULL, `last4` varchar(4) NULL, `expiryMonth` int NULL, `expiryYear` int NULL, `payerEmail` varchar(254) NULL, `createdAt` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `sandbox_authorizations` (`id` varchar(40) NOT NULL, `sourceKind` varchar(8) NOT NULL, `paymentMethodId` varchar(40) NULL, `behaviour` varchar(16) NOT NULL, `network` varchar(24) NULL, `last4` varchar(4) NULL, `currency` varchar(3) NOT NULL, `amount` int NOT NULL, `captured` int NOT NULL DEFAULT '0', `released` int NOT NULL DEFAULT '0', `descriptor` varchar(22) NOT NULL, `createdAt` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `sandbox_captures` (`id` varchar(40) NOT NULL, `authorizationId` varchar(40) NOT NULL, `currency` varchar(3) NOT NULL, `amount` int NOT NULL, `refunded` int NOT NULL DEFAULT '0', `createdAt` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE `sandbox_captures`");
    await queryRunner.query("DROP TABLE `sandbox_authorizations`");
    await queryRunner.query("DROP TABLE `sandbox_payment_methods`");
    await queryRunner.query("DROP TABLE `sandbox_processor_calls`");
  }
}
