import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Throttles1795440053764 implements MigrationInterface {
  name = 'Throttles1795440053764';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `throttles` (`key` varchar(120) NOT NULL, `attempts` int NOT NULL, `windowStartedAt` datetime(3) NOT NULL, `lastAttemptAt` datetime(3) NOT NULL, `lockedUntil` datetime(3) NULL, `version` int NOT NULL, PRIMARY KEY (`key`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `phone_verifications` DROP COLUMN `attempts`");
    // The counts of the old sign-in throttle live 15 minutes: they are not carried over.
    await queryRunner.query("DROP TABLE `sign_in_throttles`");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `sign_in_throttles` (`key` varchar(80) NOT NULL, `failures` int NOT NULL, `firstFailureAt` datetime(3) NOT NULL, `lastFailureAt` datetime(3) NOT NULL, `lockedUntil` datetime(3) NULL, PRIMARY KEY (`key`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `phone_verifications` ADD `attempts` int NOT NULL DEFAULT 0");
    await queryRunner.query("DROP TABLE `throttles`");
  }
}
