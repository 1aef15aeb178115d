import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * S2: installations know their device (one seat per device of a license); S7: a license past
 * its expiry may be in grace. Installations registered before devices were recorded count as a
 * device each: their own id stands for their device id. Registrations are throttled per client
 * address (the throttles table of kernel/throttle).
 */
export class Installations1795450000000 implements MigrationInterface {
  name = 'Installations1795450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `installations` ADD `deviceId` varchar(128) COLLATE \"utf8mb4_bin\" NULL");
    await queryRunner.query('UPDATE `installations` SET `deviceId` = `id` WHERE `deviceId` IS NULL');
    await queryRunner.query("ALTER TABLE `installations` CHANGE `deviceId` `deviceId` varchar(128) COLLATE \"utf8mb4_bin\" NOT NULL");
    await queryRunner.query("CREATE UNIQUE INDEX `uq_installations_license_device` ON `installations` (`licenseId`, `deviceId`)");
    // The renewals' migration adds the same column of the grace (S7): whichever runs first adds it.
    if (!(await queryRunner.hasColumn('licenses', 'graceUntil'))) await queryRunner.query("ALTER TABLE `licenses` ADD `graceUntil` datetime(3) NULL");
    await queryRunner.query("CREATE TABLE `throttles` (`key` varchar(120) NOT NULL, `attempts` int NOT NULL, `windowStartedAt` datetime(3) NOT NULL, `lastAttemptAt` datetime(3) NOT NULL, `lockedUntil` datetime(3) NULL, `version` int NOT NULL, PRIMARY KEY (`key`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE `throttles`");
    if (await queryRunner.hasColumn('licenses', 'graceUntil')) await queryRunner.query("ALTER TABLE `licenses` DROP COLUMN `graceUntil`");
    await queryRunner.query("DROP INDEX `uq_installations_license_device` ON `installations`");
    await queryRunner.query("ALTER TABLE `installations` DROP COLUMN `deviceId`");
  }
}
