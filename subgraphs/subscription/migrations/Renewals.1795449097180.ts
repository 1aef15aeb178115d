import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Renewals1795449097180 implements MigrationInterface {
  name = 'Renewals1795449097180';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `renewal_cycles` (`id` varchar(36) NOT NULL, `licenseId` varchar(36) NOT NULL, `termEnd` datetime(3) NOT NULL, `state` varchar(16) NOT NULL, `remindedLeadDays` int NULL, `attempts` int NOT NULL DEFAULT '0', `nextActionAt` datetime(3) NULL, `firstDeclinedAt` datetime(3) NULL, `lastDeclineReason` varchar(32) NULL, `updatedAt` datetime(3) NOT NULL, INDEX `ix_renewal_cycles_due` (`state`, `nextActionAt`), UNIQUE INDEX `uq_renewal_cycles_term` (`licenseId`, `termEnd`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `licenses` ADD `graceUntil` datetime(3) NULL");
    await queryRunner.query("CREATE INDEX `ix_licenses_expires` ON `licenses` (`expiresAt`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_licenses_expires` ON `licenses`");
    await queryRunner.query("ALTER TABLE `licenses` DROP COLUMN `graceUntil`");
    await queryRunner.query("DROP INDEX `uq_renewal_cycles_term` ON `renewal_cycles`");
    await queryRunner.query("DROP INDEX `ix_renewal_cycles_due` ON `renewal_cycles`");
    await queryRunner.query("DROP TABLE `renewal_cycles`");
  }
}
