import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795325658746 implements MigrationInterface {
  name = 'Initial1795325658746';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `installations` (`id` varchar(36) NOT NULL, `licenseId` varchar(36) NOT NULL, `deviceName` varchar(100) NOT NULL, `platform` varchar(40) NOT NULL, `registeredAt` datetime(3) NOT NULL, INDEX `ix_installations_license` (`licenseId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `licenses` (`id` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `serialNumber` varchar(40) COLLATE \"utf8mb4_bin\" NOT NULL, `activationCode` varchar(40) COLLATE \"utf8mb4_bin\" NULL, `productId` varchar(36) NOT NULL, `orderId` varchar(36) NULL, `devices` int NOT NULL, `startsAt` datetime(3) NOT NULL, `expiresAt` datetime(3) NOT NULL, `storedState` varchar(16) NOT NULL, `autoRenew` tinyint NOT NULL DEFAULT 0, `billingPeriod` varchar(16) NOT NULL, `purchaseChannel` varchar(24) NOT NULL, `partnerName` varchar(100) NULL, INDEX `ix_licenses_account` (`accountId`), UNIQUE INDEX `IDX_a4a184885f93752fb8c42dda4e` (`serialNumber`), UNIQUE INDEX `IDX_16ea1c9f71257301cdfe2efd5e` (`activationCode`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `license_terms` (`id` varchar(36) NOT NULL, `licenseId` varchar(36) NOT NULL, `orderId` varchar(36) NOT NULL, `startsAt` datetime(3) NOT NULL, `expiresAt` datetime(3) NOT NULL, INDEX `ix_license_terms_license` (`licenseId`), INDEX `ix_license_terms_order` (`orderId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_license_terms_order` ON `license_terms`");
    await queryRunner.query("DROP INDEX `ix_license_terms_license` ON `license_terms`");
    await queryRunner.query("DROP TABLE `license_terms`");
    await queryRunner.query("DROP INDEX `IDX_16ea1c9f71257301cdfe2efd5e` ON `licenses`");
    await queryRunner.query("DROP INDEX `IDX_a4a184885f93752fb8c42dda4e` ON `licenses`");
    await queryRunner.query("DROP INDEX `ix_licenses_account` ON `licenses`");
    await queryRunner.query("DROP TABLE `licenses`");
    await queryRunner.query("DROP INDEX `ix_installations_license` ON `installations`");
    await queryRunner.query("DROP TABLE `installations`");
  }
}
