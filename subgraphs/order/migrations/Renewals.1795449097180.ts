import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Renewals1795449097180 implements MigrationInterface {
  name = 'Renewals1795449097180';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `renewal_charges` (`id` varchar(36) NOT NULL, `idempotencyKey` varchar(140) NOT NULL, `kind` varchar(16) NOT NULL, `state` varchar(16) NOT NULL, `licenseId` varchar(36) NOT NULL, `serialNumber` varchar(40) NOT NULL, `productId` varchar(36) NOT NULL, `accountId` varchar(36) NULL, `originalOrderId` varchar(36) NOT NULL, `termEnd` datetime(3) NULL, `attempt` int NOT NULL DEFAULT '1', `retryAt` datetime(3) NULL, `lapsesAt` datetime(3) NULL, `orderId` varchar(36) NULL, `declineReason` varchar(32) NULL, `processorCode` varchar(80) NULL, `errorNumber` varchar(16) NULL, `createdAt` datetime(3) NOT NULL, `settledAt` datetime(3) NULL, INDEX `ix_renewal_charges_license` (`licenseId`, `state`), UNIQUE INDEX `IDX_55eaf7eb504fdf158fc522b62f` (`idempotencyKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_55eaf7eb504fdf158fc522b62f` ON `renewal_charges`");
    await queryRunner.query("DROP INDEX `ix_renewal_charges_license` ON `renewal_charges`");
    await queryRunner.query("DROP TABLE `renewal_charges`");
  }
}
